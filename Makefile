# breathflow — build, serve and test. Every target installs what it needs when it is missing,
# so a fresh machine needs only `make serve` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8080
WASM_TARGET := wasm32-unknown-unknown
# wasm-bindgen-cli must match the wasm-bindgen library version pinned in Cargo.lock exactly.
WB_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/,"",$$3); print $$3}' Cargo.lock)
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
WASM_OPT := node_modules/.bin/wasm-opt
TERSER := node_modules/.bin/terser
ESBUILD := node_modules/.bin/esbuild
# After -Oz: --low-memory-unused (rustc's wasm layout puts the stack first, growing down from the
# data at 1 MiB, so the first KB is never touched), --zero-filled-memory (the module defines its
# memory, which starts zeroed, so zero bytes of data need no segment), GUFA and --converge: about
# 0.6 KB gzip less. Then the features today's Rust emits for wasm32-unknown-unknown, which
# wasm-opt must accept.
WASM_OPT_FLAGS := -Oz --converge --low-memory-unused --zero-filled-memory --gufa-optimizing \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers
CHROMIUM := /usr/bin/chromium
export CHROMEDRIVER ?= /usr/bin/chromedriver
PKG := www/pkg

.PHONY: help serve build test test-native test-browser test-e2e bench package tools tools-rust tools-node tools-browser clean

help:
	@echo "make serve   install what is missing, build, serve www/ on http://127.0.0.1:$(PORT)"
	@echo "make test    native, browser (wasm-bindgen-test) and end-to-end tests"
	@echo "make build   release build into $(PKG)/"
	@echo "make bench   measured speed, size, timing accuracy, memory and energy (~40 min)"
	@echo "make package the npm package in target/package/ and its tarball (npm pack) in target/"

## ---- tools ---------------------------------------------------------------------------------
tools: tools-rust tools-node

tools-rust:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WB_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WB_VERSION) (about 4 minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WB_VERSION) --force; \
	fi

# npm ci only when node_modules is missing or older than the lock file.
node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

tools-node: node_modules/.package-lock.json

tools-browser:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x /usr/bin/chromedriver ]; then \
	  echo "installing Debian chromium + chromium-driver"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

## ---- build ---------------------------------------------------------------------------------
build: tools
	cargo build --release --lib --target $(WASM_TARGET)
	rm -rf $(PKG)
	wasm-bindgen --target web --out-dir $(PKG) --out-name breathflow \
	  target/$(WASM_TARGET)/release/breathflow.wasm
	rm -f $(PKG)/breathflow_bg.wasm.d.ts
	$(WASM_OPT) $(WASM_OPT_FLAGS) $(PKG)/breathflow_bg.wasm -o $(PKG)/breathflow_bg.wasm
	# One glue file: esbuild bundles wasm-bindgen's glue with the JS snippets it imports
	# (src/web/replay.js, tone.js, dom.js, written to $(PKG)/snippets/) and minifies it; the API
	# docs live in breathflow.d.ts. The snippets folder is then not shipped.
	$(ESBUILD) $(PKG)/breathflow.js --bundle --format=esm --minify --log-level=warning \
	  --allow-overwrite --outfile=$(PKG)/breathflow.js
	rm -rf $(PKG)/snippets
	# The <breath-flow> element: examples/poster.rs draws its poster (the rib cage at rest, by the
	# crate's own drawing code) and lists the library's titles into target/poster/poster.js;
	# esbuild minifies its stylesheet (src/web/breath-flow.css) and bundles both into the element
	# (the "breathflow-poster" import, and "breathflow-style" as text; the engine in pkg/ is
	# loaded at run time) and terser minifies it. Its readable source, with the docs, is
	# src/web/breath-flow.js. The element is what a post with widgets below the fold downloads
	# (budget: 6 KB gzip, bench/run.mjs).
	cargo run --quiet --example poster -- target/poster/poster.js
	$(ESBUILD) src/web/breath-flow.css --minify --log-level=warning --outfile=target/poster/breath-flow.css
	$(ESBUILD) src/web/breath-flow.js --bundle --format=esm --target=es2022 --minify-syntax --log-level=warning \
	  --alias:breathflow-poster=./target/poster/poster.js --external:./pkg/breathflow.js \
	  --alias:breathflow-style=./target/poster/breath-flow.css --loader:.css=text \
	  --alias:breathflow-texts=./library/locales/en.json \
	  --outfile=target/poster/breath-flow.js
	$(TERSER) target/poster/breath-flow.js --module --compress passes=3,ecma=2022,unsafe_arrows=true --mangle \
	  --format 'ecma=2022,preamble="// <breath-flow> (minified by make build; source: src/web/breath-flow.js)"' \
	  -o www/breath-flow.js
	# The languages besides English, fetched on demand by the element and the pages.
	rm -rf www/locales && mkdir -p www/locales
	cp library/locales/es.json library/locales/de.json library/locales/fr.json www/locales/
	node tools/stamp.mjs www
	@node tools/sizes.mjs

serve: build
	node tools/serve.mjs www $(PORT)

## ---- test ----------------------------------------------------------------------------------
test: test-native test-browser test-e2e

test-native:
	cargo test --quiet

# The browser suite waits on real animation frames and Web Audio (~20 s on a quiet machine), so the
# runner's default 20 s limit for the whole suite is raised.
test-browser: tools tools-browser
	WASM_BINDGEN_TEST_TIMEOUT=180 cargo test --target $(WASM_TARGET) --test web

test-e2e: build tools-browser
	node --test --test-reporter=spec tests/e2e/*.test.mjs

## ---- bench ---------------------------------------------------------------------------------
# bench/run.mjs runs `cargo bench --bench engine` itself and folds its figures into the report.
bench: build tools-browser
	node bench/run.mjs

## ---- package -------------------------------------------------------------------------------
# The npm package "breathflow" (engine + <breath-flow> element + frame page), laid out in
# target/package/ by tools/package.mjs and packed by npm pack into target/breathflow-<version>.tgz.
package: build
	node tools/package.mjs

clean:
	cargo clean
	rm -rf $(PKG) node_modules www/build-hash.js www/breath-flow.js

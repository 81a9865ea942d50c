// The page's `window`, or undefined where there is none (a worker). One small import instead of
// web-sys's `window()`, which looks for the global object four ways (globalThis, self, window,
// global) and then checks it with instanceof: five imports and their glue.
export function pageWindow() {
  return typeof window === "undefined" ? undefined : window;
}

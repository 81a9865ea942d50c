// The painter's other half: runs a frame that src/canvas_ops.rs encoded in wasm memory as canvas
// calls (the opcode table is in that file's docs; keep the numbers in step). One call per frame
// instead of one wasm→JS call per canvas call: the words are read in place through two views of
// the same memory, so no number is boxed and no glue function runs per command.

const ALIGN = ["left", "center", "right"];

export class Replayer {
  /** `ctx`: the canvas's 2d context; `memory`: the module's WebAssembly.Memory. */
  constructor(ctx, memory) {
    this.ctx = ctx;
    this.memory = memory;
    this.u = null;
    this.f = null;
    this.bytes = null;
    this.slots = [];
    /** Whether the background colour (slot 0) is opaque. */
    this.opaqueBg = false;
    this.decoder = new TextDecoder();
  }

  /** Put a string (a colour) in a slot. */
  set(slot, value) {
    this.slots[slot] = value;
    if (slot === 0) {
      // Whether the background colour is opaque: the canvas serialises an opaque colour as
      // "#rrggbb" and any other as rgba() or a function of its colour space. A partial frame on
      // an opaque background needs no clearRect under its fillRect (the same pixels, ~0.07 ms
      // less raster a frame at DPR 2).
      const { ctx } = this;
      ctx.save();
      ctx.fillStyle = "#000";
      ctx.fillStyle = value;
      const seen = ctx.fillStyle;
      ctx.restore();
      this.opaqueBg = typeof seen === "string" && seen[0] === "#";
    }
  }

  /**
   * Paint `text` centred in the text colour on the background colour, `fontPx` high, in device
   * pixels (the message shown once the module has failed; no words involved).
   */
  message(text, fontPx) {
    const { ctx, slots } = this;
    const { width: w, height: h } = ctx.canvas;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = slots[0];
    ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = slots[3];
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.font = `400 ${fontPx}px system-ui, sans-serif`;
    ctx.fillText(text, w / 2, h / 2, w * 0.9);
  }

  /**
   * Run `len` words at byte offset `ptr`; `SET_STR` operands index UTF-8 bytes from byte offset
   * `strsPtr`. The transform is set to `dpr` first.
   */
  run(ptr, len, strsPtr, dpr) {
    if (this.u === null || this.u.length === 0) {
      // First frame, or the memory grew: growing detaches the old buffer, and a view of a
      // detached buffer has length 0 (checked instead of reading \`memory.buffer\`, a call into
      // the engine on every frame).
      const buffer = this.memory.buffer;
      this.u = new Uint32Array(buffer);
      this.f = new Float32Array(buffer);
      this.bytes = new Uint8Array(buffer);
    }
    const { ctx, u, f, slots } = this;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    let i = ptr >>> 2;
    const end = i + len;
    // Saves not yet restored: should a call throw midway, they are restored, so that no clip or
    // state of a broken frame stays on the context.
    let depth = 0;
    try {
    while (i < end) {
      switch (u[i]) {
        case 1: // CLEAR w h
          ctx.globalAlpha = 1;
          ctx.fillStyle = slots[0];
          ctx.clearRect(0, 0, f[i + 1], f[i + 2]);
          ctx.fillRect(0, 0, f[i + 1], f[i + 2]);
          ctx.lineCap = "round";
          ctx.lineJoin = "round";
          ctx.textBaseline = "middle";
          i += 3;
          break;
        case 2:
          ctx.save();
          depth++;
          i += 1;
          break;
        case 3:
          ctx.restore();
          depth--;
          i += 1;
          break;
        case 4:
          ctx.beginPath();
          i += 1;
          break;
        case 5:
          ctx.moveTo(f[i + 1], f[i + 2]);
          i += 3;
          break;
        case 6:
          ctx.lineTo(f[i + 1], f[i + 2]);
          i += 3;
          break;
        case 7:
          ctx.quadraticCurveTo(f[i + 1], f[i + 2], f[i + 3], f[i + 4]);
          i += 5;
          break;
        case 8:
          ctx.bezierCurveTo(f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5], f[i + 6]);
          i += 7;
          break;
        case 9:
          ctx.arc(f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5], u[i + 6] !== 0);
          i += 7;
          break;
        case 10:
          ctx.ellipse(f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5], f[i + 6], f[i + 7], u[i + 8] !== 0);
          i += 9;
          break;
        case 11:
          ctx.rect(f[i + 1], f[i + 2], f[i + 3], f[i + 4]);
          i += 5;
          break;
        case 12:
          ctx.roundRect(f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5]);
          i += 6;
          break;
        case 13:
          ctx.closePath();
          i += 1;
          break;
        case 14:
          ctx.clip();
          i += 1;
          break;
        case 15:
          ctx.fill();
          i += 1;
          break;
        case 16:
          ctx.stroke();
          i += 1;
          break;
        case 17: // FILL_TEXT slot x y maxWidth
          ctx.fillText(slots[u[i + 1]], f[i + 2], f[i + 3], f[i + 4]);
          i += 5;
          break;
        case 18:
          ctx.globalAlpha = f[i + 1];
          i += 2;
          break;
        case 19:
          ctx.fillStyle = slots[u[i + 1]];
          i += 2;
          break;
        case 20:
          ctx.strokeStyle = slots[u[i + 1]];
          i += 2;
          break;
        case 21:
          ctx.lineWidth = f[i + 1];
          i += 2;
          break;
        case 22:
          ctx.font = slots[u[i + 1]];
          i += 2;
          break;
        case 23:
          ctx.textAlign = ALIGN[u[i + 1]];
          i += 2;
          break;
        case 24: {
          // SET_STR slot start len
          const at = strsPtr + u[i + 2];
          slots[u[i + 1]] = this.decoder.decode(this.bytes.subarray(at, at + u[i + 3]));
          i += 4;
          break;
        }
        case 25: {
          // CLIP_CLEAR x y w h, in device px: a partial frame (it ends with RESTORE). The clip
          // is set in device space so that its edges fall between pixels.
          const x = u[i + 1], y = u[i + 2], w = u[i + 3], h = u[i + 4];
          ctx.save();
          depth++;
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.beginPath();
          ctx.rect(x, y, w, h);
          ctx.clip();
          ctx.globalAlpha = 1;
          ctx.fillStyle = slots[0];
          if (!this.opaqueBg) ctx.clearRect(x, y, w, h);
          ctx.fillRect(x, y, w, h);
          ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
          ctx.lineCap = "round";
          ctx.lineJoin = "round";
          ctx.textBaseline = "middle";
          i += 5;
          break;
        }
        default:
          throw new Error(`breathflow: unknown drawing opcode ${u[i]} (src/canvas_ops.rs and src/web/replay.js out of step)`);
      }
    }
    } finally {
      for (; depth > 0; depth--) ctx.restore();
    }
  }
}

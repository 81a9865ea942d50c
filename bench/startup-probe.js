// Init script for the start-up loads of the practice page (installed by bench/run.mjs).
//
// "First painted frame" = the first animation frame at which the player canvas (`#stage`) holds a
// drawn frame, as `performance.now()` (ms since navigation start) in that frame's rAF callback:
// the rendering update that follows presents it. The widget draws a frame in one task (clear,
// background, cage, texts), so the canvas is either blank or complete; the probe reads one pixel
// (the centre) per animation frame, and only once the page itself has taken the canvas's 2d
// context (it never creates one). It also records when that first frame began drawing (the first
// clearRect on the canvas) and when the context was taken.
(() => {
  const ID = "stage";
  const probe = (window.__startup = { contextAt: null, drawAt: null, paintedAt: null });
  let ctx = null;
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
    const c = getContext.call(this, kind, ...rest);
    if (!ctx && kind === "2d" && c && this.id === ID) {
      ctx = c;
      probe.contextAt = performance.now();
      HTMLCanvasElement.prototype.getContext = getContext; // no lasting wrapper
    }
    return c;
  };
  const clearRect = CanvasRenderingContext2D.prototype.clearRect;
  CanvasRenderingContext2D.prototype.clearRect = function (...a) {
    if (probe.drawAt === null && this.canvas?.id === ID) {
      probe.drawAt = performance.now();
      CanvasRenderingContext2D.prototype.clearRect = clearRect;
    }
    return clearRect.apply(this, a);
  };
  const poll = () => {
    const c = ctx?.canvas;
    if (c && c.width > 0 && c.height > 0 && ctx.getImageData(c.width >> 1, c.height >> 1, 1, 1).data[3] > 0) {
      probe.paintedAt = performance.now();
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();

// Keep the screen on while a practice runs. `hold(true)` while running, `hold(false)` on pause,
// stop and the end. The browser drops the lock when the page is hidden; it is taken again when the
// page comes back and is still wanted. Where the API is missing or refused, nothing happens.

export function createWakeLock() {
  let wanted = false;
  let sentinel = null;
  let pending = null;

  async function acquire() {
    if (!wanted || sentinel || pending || !("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    pending = navigator.wakeLock
      .request("screen")
      .then((s) => {
        sentinel = s;
        s.addEventListener("release", () => {
          if (sentinel === s) sentinel = null;
        });
        if (!wanted) release();
      })
      .catch(() => {
        // Refused (battery saver, permissions policy): practising still works.
      })
      .finally(() => {
        pending = null;
      });
    await pending;
  }

  function release() {
    const s = sentinel;
    sentinel = null;
    s?.release().catch(() => {});
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") acquire();
  });

  return {
    hold(on) {
      wanted = on;
      if (on) acquire();
      else release();
    },
    /** Whether a lock is held right now (for tests and the status line). */
    get held() {
      return sentinel !== null && !sentinel.released;
    },
  };
}

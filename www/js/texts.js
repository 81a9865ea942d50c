// The English of every text the practice page's scripts write, by id (js/i18n.js). Each module's
// texts sit in texts/<module>.js, beside no code, so that the ids are easy to find and to
// translate (i18n/<lang>.json); the page's markup carries its own English (data-t).
import app from "./texts/app.js";
import format from "./texts/format.js";
import library from "./texts/library.js";
import player from "./texts/player.js";
import store from "./texts/store.js";

export const TEXTS = { ...app, ...format, ...library, ...player, ...store };

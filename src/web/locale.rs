//! The page's languages: `registerLocale(tag, texts)` and the catalog every export and widget
//! reads its texts from (one per module instance, like the built-in library: a page's widgets
//! share the languages it registered).

use super::js::{err, from_js};
use crate::locale::{Catalog, Lang, Texts};
use serde_json::Value;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static CATALOG: RefCell<Catalog> = RefCell::new(Catalog::default());
}

/// Run `f` with the texts for a request of `tag` (`None`: English).
pub fn with_lang<R>(tag: Option<&str>, f: impl FnOnce(&Lang) -> R) -> R {
    CATALOG.with(|c| {
        let c = c.borrow();
        // English too goes through the catalog: a host may override English texts.
        f(&c.lang(tag.unwrap_or(crate::locale::ENGLISH)))
    })
}

/// `registerLocale(tag, texts)`: add a language, or override single texts of one (English
/// too), from an object of text id → text (see `library/locales/en.json` and the README's table
/// of text ids). Returns the tag as it is kept (lower case). A text missing here falls back to
/// the language's (for a regional tag such as `de-AT`), then to English. Widgets created after
/// this use it; a live widget takes it with `setLocale`.
#[wasm_bindgen(js_name = registerLocale)]
pub fn register_locale(
    tag: &str,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] texts: JsValue,
) -> Result<String, JsError> {
    super::enter()?;
    let v = from_js(&texts, "texts")?;
    let Value::Object(map) = v else {
        return Err(JsError::new(
            "texts: must be an object of text id → text, such as { \"canvas.inhale\": \"Einatmen\" }",
        ));
    };
    let mut table = Texts::new();
    for (id, text) in map {
        match text {
            Value::String(s) => {
                table.insert(id, s);
            }
            _ => {
                return Err(JsError::new(&format!(
                    "texts[{}]: must be a string",
                    crate::read::quote(&id)
                )))
            }
        }
    }
    CATALOG
        .with(|c| c.borrow_mut().register(tag, table))
        .map_err(err)
}

/// `resolveLocale(tag)`: the locale a widget asked for `tag` would use now (a registered tag,
/// its language, or `"en"`).
#[wasm_bindgen(js_name = resolveLocale)]
pub fn resolve_locale(tag: &str) -> Result<String, JsError> {
    super::enter()?;
    Ok(CATALOG.with(|c| c.borrow().resolve(tag)))
}

/// `localeTexts(tag)`: every text registered for the locale a request of `tag` uses (its
/// regional table over its language's over English overrides), as an object of text id → text;
/// `{}` for plain English. For texts a page shows itself (the element's buttons).
#[wasm_bindgen(js_name = localeTexts, unchecked_return_type = "Record<string, string>")]
pub fn locale_texts(tag: &str) -> Result<JsValue, JsError> {
    super::enter()?;
    with_lang(Some(tag), |lang| super::js::to_js(&lang.merged()))
}

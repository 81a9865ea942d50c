//! A scene as plain data: one object per command, `op` first, texts carrying their strings.

use super::{Align, Cmd, Paint, Scene};
use serde::Serialize;

impl Scene {
    /// The commands as plain data: `[{"op":"clear","w":…,"h":…}, {"op":"moveTo","x":…,"y":…}, …,
    /// {"op":"text","text":"Inhale · nose",…}]`, one object per command, `op` first, then the
    /// fields in declaration order (camelCase), a `Text` carrying its string instead of a span.
    /// For tests, benchmarks and hosts that replay a frame elsewhere (`BreathFlow.scene()`).
    pub fn commands(&self) -> Vec<CmdJson<'_>> {
        self.cmds
            .iter()
            .map(|cmd| match *cmd {
                Cmd::Text {
                    span,
                    x,
                    y,
                    size,
                    bold,
                    align,
                    paint,
                    max_width,
                } => CmdJson::Text(TextJson {
                    op: "text",
                    text: self.text(span),
                    x,
                    y,
                    size,
                    bold,
                    align,
                    paint,
                    max_width,
                }),
                ref other => CmdJson::Cmd(other),
            })
            .collect()
    }
}

impl Serialize for Scene {
    /// `{"cmds": [...]}` (see [`Scene::commands`]).
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Scene", 1)?;
        st.serialize_field("cmds", &self.commands())?;
        st.end()
    }
}

/// A command as [`Scene::commands`] writes it.
#[derive(Serialize)]
#[serde(untagged)]
pub enum CmdJson<'a> {
    Cmd(&'a Cmd),
    Text(TextJson<'a>),
}

/// A text command with its string.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextJson<'a> {
    op: &'static str,
    text: &'a str,
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    align: Align,
    paint: Paint,
    max_width: f32,
}

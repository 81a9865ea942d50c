//! The commands of a display list and what they draw with: themed paints, text alignment, the
//! parts they are marked with, and the pieces a text is built from.

use serde::Serialize;

/// Which themed colour a paint uses; the web layer reads them from the canvas's CSS custom
/// properties `--bf-bg`, `--bf-rib`, `--bf-accent`, `--bf-text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Bg,
    Rib,
    Accent,
    Text,
}

impl Role {
    /// The name in drawing commands: `"bg" | "rib" | "accent" | "text"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Bg => "bg",
            Role::Rib => "rib",
            Role::Accent => "accent",
            Role::Text => "text",
        }
    }

    /// The CSS custom property that holds this role's colour.
    pub fn css_var(self) -> &'static str {
        match self {
            Role::Bg => "--bf-bg",
            Role::Rib => "--bf-rib",
            Role::Accent => "--bf-accent",
            Role::Text => "--bf-text",
        }
    }
}

/// A themed colour with an opacity in 0..=1 (replayed as `globalAlpha`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Paint {
    pub role: Role,
    pub alpha: f32,
}

impl Paint {
    pub const fn new(role: Role, alpha: f32) -> Paint {
        Paint { role, alpha }
    }
}

/// Horizontal text alignment, the values of `CanvasRenderingContext2d.textAlign`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    /// The `textAlign` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
        }
    }
}

/// Byte range of a text in the scene's arena; read it with
/// [`Scene::text`](super::Scene::text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpan {
    pub start: u32,
    pub end: u32,
}

/// One drawing command. Coordinates and sizes are CSS pixels, angles radians (canvas convention:
/// 0 = east, clockwise positive because y points down).
///
/// Serialised (through [`Scene`](super::Scene)) as `{"op":"moveTo","x":…,"y":…}`, one object per
/// command, with `Text` carrying its string as `"text"` instead of a span.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Cmd {
    /// Clear the whole canvas, paint it with the background colour and reset the state the list
    /// relies on (see the module docs).
    Clear {
        w: f32,
        h: f32,
    },
    Save,
    Restore,
    BeginPath,
    MoveTo {
        x: f32,
        y: f32,
    },
    LineTo {
        x: f32,
        y: f32,
    },
    QuadTo {
        cx: f32,
        cy: f32,
        x: f32,
        y: f32,
    },
    BezierTo {
        c1x: f32,
        c1y: f32,
        c2x: f32,
        c2y: f32,
        x: f32,
        y: f32,
    },
    Arc {
        x: f32,
        y: f32,
        r: f32,
        start: f32,
        end: f32,
        ccw: bool,
    },
    Ellipse {
        x: f32,
        y: f32,
        rx: f32,
        ry: f32,
        rotation: f32,
        start: f32,
        end: f32,
        ccw: bool,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// A rectangle with circular corners of radius `r` as a closed subpath of its own.
    RoundRect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        r: f32,
    },
    ClosePath,
    /// Intersect the clip region with the current path.
    Clip,
    Fill {
        paint: Paint,
    },
    Stroke {
        paint: Paint,
        width: f32,
    },
    /// Text drawn with `textBaseline = "middle"` at (x, y); `max_width` is the width the layout
    /// reserved (the text was already fitted to it with an estimate; pass it to `fillText` so real
    /// glyphs never spill).
    /// Serialised by [`Scene::commands`](super::Scene::commands) with its string, never on its own.
    #[serde(skip)]
    Text {
        span: TextSpan,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        align: Align,
        paint: Paint,
        max_width: f32,
    },
}

/// Which side of the figure, as the viewer sees it (the figure faces the viewer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Left,
    Right,
}

/// What a run of commands draws. Not replayed: it is metadata for tests, debugging and hit tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Background,
    /// The progress ring's track and its filled arc.
    Ring,
    /// The accent level/glow inside the torso (reduced motion, or a soft glow otherwise).
    Glow,
    /// A dirga zone, 0 = belly, 1 = ribs, 2 = chest.
    Zone {
        zone: u8,
    },
    Spine,
    Sternum,
    Clavicle {
        side: Side,
    },
    /// Rib `pair` (0 = first rib, at the top); `front` is the anterior half of the rib, otherwise
    /// the posterior half seen through the cage.
    Rib {
        pair: u8,
        side: Side,
        front: bool,
    },
    /// Costal cartilage joining rib `pair` to the sternum or to the cartilage above.
    Cartilage {
        pair: u8,
        side: Side,
    },
    /// The thumb, wrapping to the back (drawn faint, behind the cage).
    Thumb {
        side: Side,
    },
    /// Palm and fingers, in front of the ribs.
    Hand {
        side: Side,
    },
    Title,
    Cue,
    /// The side or spot of the step under its title.
    Detail,
    Phase,
    Seconds,
    Count,
    ZoneLabel,
    Message,
}

/// A piece of a text built by [`Scene::push_parts`](super::Scene::push_parts).
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    Str(&'a str),
    /// Written in decimal digits.
    Int(u64),
}

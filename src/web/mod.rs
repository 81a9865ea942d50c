//! The web shell (filled by the foundation slice).

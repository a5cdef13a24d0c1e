"""The plan's faces: each is `Plan (+ options) -> bytes or a renderable`, no printing, no clock."""

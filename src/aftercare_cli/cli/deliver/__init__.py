"""What a made plan becomes, each delivery apart: files, the screen, the phone, and the paper they print on."""

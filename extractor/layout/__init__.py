"""Page layout shared by the PDF and image readers: glyphs with boxes → text lines and table grids."""

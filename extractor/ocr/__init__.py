"""OCR of page images: recognition (rapidocr's PP-OCR models, shipped in the wheel), page geometry,
layout reconstruction into lines and table grids, and clean-up of misread numbers."""

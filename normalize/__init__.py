"""Restoring Vietnamese text damaged by OCR: Unicode, lexicon, OCR channel model, decoding."""

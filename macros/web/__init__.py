"""Bodies of web pages: exercise and workshop pages, the library, reading lists."""

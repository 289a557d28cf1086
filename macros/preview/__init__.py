"""`make serve`: rebuild only the pages a save affects."""

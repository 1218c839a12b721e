"""What cases add to grid pages: a link to report a repair or a suggestion (grid_page_sections hook)."""

"""The site's own pages: the home page and the language redirect."""

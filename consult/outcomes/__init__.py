"""A consultation's outcome: a disposition for every proposal, and the published "you said, we
did" page with its figures."""

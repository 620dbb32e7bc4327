"""Translations of content (consultations, proposals, answers …): the original text stays on its
object, with its language; translations hang off it and say where they came from."""

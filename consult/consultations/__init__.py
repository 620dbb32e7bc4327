"""Consultations: a participatory process about part of the Action Plan, in phases."""

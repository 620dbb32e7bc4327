"""The Action Plan: published versions of sections and measures, revisions made of amendments
that cite the input behind them, and the diff between versions."""

"""Throttles on repeated failures (wrong passwords, wrong verification codes): so many per
account and so many per address in a window, counted in flask-limiter's storage (memory in
one process, Redis when ``REDIS_URL`` is set, so that every app server shares the count)."""

from flask import current_app
from limits import RateLimitItemPerMinute

from consult.extensions import limiter


class Throttle:
    """Failures of one kind, limited by the settings ``<SETTING>_PER_ACCOUNT``,
    ``<SETTING>_PER_ADDRESS`` and ``<SETTING>_MINUTES``."""

    def __init__(self, name, setting):
        self.name = name
        self.setting = setting

    @property
    def minutes(self):
        return current_app.config[f"{self.setting}_MINUTES"]

    def _checks(self, account, address):
        cfg = current_app.config
        return (
            (RateLimitItemPerMinute(cfg[f"{self.setting}_PER_ACCOUNT"], self.minutes),
             f"{self.name}-account", str(account)),
            (RateLimitItemPerMinute(cfg[f"{self.setting}_PER_ADDRESS"], self.minutes),
             f"{self.name}-address", address or "-"),
        )  # fmt: skip

    def exceeded(self, account, address):
        """True when this account or this address has failed too often lately."""
        return not all(limiter.limiter.test(*check) for check in self._checks(account, address))

    def failed(self, account, address):
        """Count one failure for the account and for the address."""
        for check in self._checks(account, address):
            limiter.limiter.hit(*check)

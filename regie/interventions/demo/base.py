"""Tunables of the interventions history (delays, shares, volumes) and small numeric helpers."""

import math
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from regie.core.models import AuditEvent
from regie.people.models import Department

from . import data

HISTORY_DAYS = 730
CENT, QUARTER = Decimal("0.01"), Decimal("0.25")
ZERO = Decimal("0.00")
TECHNICAL, REQUESTING = Department.Kind.TECHNICAL, Department.Kind.REQUESTING
CREATE, TRANSITION, UPDATE = AuditEvent.Action.CREATE, AuditEvent.Action.TRANSITION, AuditEvent.Action.UPDATE
WEB, API, MOBILE, SYSTEM = (
    AuditEvent.Channel.WEB,
    AuditEvent.Channel.API,
    AuditEvent.Channel.MOBILE,
    AuditEvent.Channel.SYSTEM,
)

# Delays by priority rank (1 → 4): (median hours, spread) of a log-normal draw.
VALIDATION_DELAY = {1: (0.4, 0.6), 2: (2, 0.9), 3: (18, 1.0), 4: (40, 1.0)}
APPROVAL_DELAY = {1: (0.3, 0.6), 2: (1.5, 0.9), 3: (20, 1.0), 4: (50, 1.0)}
ORDER_DELAY = {1: (0.1, 0.5), 2: (0.5, 0.8), 3: (4, 0.9), 4: (12, 0.9)}  # approval → work order
START_DELAY = {1: (1.5, 0.6), 2: (2.5, 0.7), 3: (100, 0.8), 4: (420, 0.7)}  # approval → planned start
SECOND_APPROVAL_DELAY = (50, 0.8)
CLOSE_DELAY = (40, 1.1)  # done → the requester acknowledges
WORK_ORDER_CLOSE_DELAY = (30, 1.0)  # done → the manager closes the work order
PLANNED_AT_ONCE = 0.85  # work orders planned as they are created (the others are planned later)
HOLD_SHARE = 0.05
FIRST_VISIT_FIX = 0.8
FOLLOW_UP_SHARE = 0.75  # of the visits that did not fix it: a second work order
TWO_TRADES_SHARE = 0.05
BIG_SHARE = 0.012  # capital works among building and road requests
DRAFT_SHARE = 0.004  # requests left as drafts (recent ones only)
NEVER_ACKNOWLEDGED = 0.04
NOTIFIED_DAYS = 14  # notifications of the demo users for the last two weeks of history
API_SHARE = 0.1  # requests filed through the API (a building-management system, a tablet app)
BIG_JOBS = {
    "PLOMB": ("Réfection complète des sanitaires", "Sanitaires refaits à neuf (réseaux, appareils, faïence)"),
    "ELEC": ("Mise aux normes du tableau électrique", "Tableau général remplacé, circuits repérés"),
    "PEINT": ("Remise en peinture complète du bâtiment", "Bâtiment repeint (murs, plafonds, boiseries)"),
    "SERRUR": ("Remplacement du contrôle d'accès", "Contrôle d'accès par badges posé"),
    "MENUIS": ("Remplacement des menuiseries extérieures", "Fenêtres remplacées par du double vitrage"),
    "MACON": ("Réfection de la toiture-terrasse", "Étanchéité de la toiture-terrasse refaite"),
    "CHAUFF": ("Remplacement de la chaudière", "Chaudière à condensation posée et mise en service"),
    "VOIRIE": ("Réfection de la chaussée", "Chaussée rabotée et enrobé posé sur 200 m"),
    "ECLPUB": ("Rénovation de l'éclairage de la rue", "Candélabres et lanternes LED posés"),
}

# Live items left for the demo users: (what, how many). See `Simulation.live_plans`.
LIVE = (("submitted", 3), ("validated", 3), ("first_approval", 1), ("done", 2), ("this_week", 6), ("contractor", 1))


def _lognormal(rng, median, sigma):
    return rng.lognormvariate(math.log(median), sigma)


def _hours(value):
    return timedelta(hours=value)


def _quarter(hours):
    """Hours to the quarter (at least a quarter)."""
    return max(QUARTER, (Decimal(str(hours)) / QUARTER).quantize(Decimal(1), ROUND_HALF_UP) * QUARTER)


def _money(value):
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def _round_estimate(amount):
    step = 10 if amount < 1000 else 50 if amount < 5000 else 100
    return Decimal(max(step, round(amount / step) * step)).quantize(CENT)


def _easter(year):
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def public_holidays(years):
    days = set()
    for year in years:
        days |= {date(year, m, d) for m, d in ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))}
        easter = _easter(year)
        days |= {easter + timedelta(days=n) for n in (1, 39, 50)}
    return days


def request_volume(demo, key):
    """Requests of the history of organization `key`: its yearly volume over two years, × scale, × history."""
    spec = demo.orgs[key].spec
    return max(1, round(demo.scaled(spec, data.REQUESTS_PER_YEAR[key]) * HISTORY_DAYS / 365 * demo.history))


def _share_out(total, weights):
    """Split `total` in proportion to `weights` (largest remainder)."""
    exact = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: int(exact[i]) - exact[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts

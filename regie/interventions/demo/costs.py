"""Time and costs of a work order: hours at the agent's rate, materials, equipment, invoices."""

from datetime import timedelta
from decimal import Decimal

from regie.core.permissions import Role

from ..models import (
    CostLine,
    WorkOrder,
)
from .base import _lognormal, _money


class WorkOrderCosts:
    """The time entries and cost lines of a work order's working days."""

    def costs(self, order, days, per_day, started, completed):
        """Time entries (each agent, each day, at the agent's rate), materials, equipment, the invoice."""
        rng, now, spec = self.rng, self.now, order.category.spec
        manager, cap = order.manager, self.workflow.max_daily_hours  # the organization's daily cap
        for index, day in enumerate(days):
            end = completed if index == len(days) - 1 else self.at(day, 17)
            if end > now:
                break
            for agent in order.agents:
                hours = per_day[index]
                booked = self.load[(agent.pk, day)]
                hours = min(hours, cap - booked)
                if hours < Decimal("0.5"):
                    continue
                self.load[(agent.pk, day)] = booked + hours
                recorder = self.users[Role.AGENT] if agent is self.demo_agent else manager
                recorded = min(now, end + timedelta(minutes=rng.randrange(5, 90)))
                order.entries.append((agent, day, hours, self.rates[agent.pk], recorder, recorded))
        first_end = self.at(days[0], 17) if len(days) > 1 else completed
        if order.execution == WorkOrder.Execution.CONTRACTOR:
            invoiced = self.working(completed + timedelta(days=rng.randrange(5, 35)))
            if invoiced <= now:
                base = float(order.request.estimated or 0) or (order.job_hours * 58 + 60 * spec.materials_rate)
                amount = _money(max(80, base * _lognormal(rng, 1, 0.15 if order.request.big else 0.3)))
                number = f"F{invoiced.year}-{rng.randrange(100, 99999):05d}"
                recorder = self.users[Role.CONTRACTOR] if order.contractor.pk == self.demo_contractor.pk else manager
                label = f"Facture {order.contractor.name} — {order.title}"[:200]
                order.lines.append(
                    (
                        CostLine.Kind.CONTRACTOR,
                        label,
                        invoiced.date(),
                        Decimal(1),
                        "forfait",
                        amount,
                        number,
                        recorder,
                        invoiced,
                    )
                )
            return
        if first_end > now:
            return
        big = 6 if order.request.big else 1
        if spec.materials and rng.random() < spec.materials_rate:
            for label, unit, low, high in rng.sample(
                spec.materials, min(len(spec.materials), rng.choice((1, 1, 2, 3)))
            ):
                quantity = self.quantity(unit) * big
                unit_cost = _money(rng.uniform(float(low), float(high)))
                by = self.storekeeper or manager
                order.lines.append(
                    (
                        CostLine.Kind.MATERIAL,
                        label,
                        days[0],
                        quantity,
                        unit,
                        unit_cost,
                        "",
                        by,
                        min(now, first_end + timedelta(minutes=rng.randrange(10, 120))),
                    )
                )
        if spec.equipment and rng.random() < spec.equipment_rate:
            label, unit, cost = rng.choice(spec.equipment)
            quantity = min(Decimal(8), per_day[0]) if per_day[0] else Decimal(2)
            order.lines.append(
                (
                    CostLine.Kind.EQUIPMENT,
                    label,
                    days[0],
                    quantity.quantize(Decimal("0.001")),
                    unit,
                    Decimal(cost),
                    "",
                    manager,
                    min(now, first_end + timedelta(minutes=rng.randrange(10, 120))),
                )
            )

    def quantity(self, unit):
        rng = self.rng
        if unit == "u":
            value = rng.choice((1, 1, 1, 2, 2, 3, 4))
        elif unit in ("m", "m²"):
            value = rng.randrange(2, 25) if unit == "m" else rng.randrange(1, 9)
        elif unit in ("kg", "L"):
            value = rng.randrange(1, 11)
        elif unit in ("t", "m³"):
            return Decimal(rng.uniform(0.2, 2)).quantize(Decimal("0.001"))
        else:
            value = rng.choice((1, 1, 2, 3))
        return Decimal(value).quantize(Decimal("0.001"))

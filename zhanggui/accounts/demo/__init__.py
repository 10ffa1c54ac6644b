"""Demo staff: one login per role, named after the role code, plus teams."""

from __future__ import annotations

from typing import Any

from zhanggui.core.demo import DEMO_PASSWORD
from zhanggui.core.policy import ROLES

from ..models import Staff, Team

DISPLAY_NAMES = {
    "cs_agent": "小美（客服）",
    "cs_lead": "李娜（客服主管）",
    "order_clerk": "王磊（订单）",
    "aftersales": "赵敏（售后）",
    "operator": "陈晨（运营）",
    "analyst": "周洋（数据）",
    "editor": "吴倩（编辑）",
    "manager": "孙伟（电商经理）",
    "gm": "郑总",
    "admin": "系统管理员",
}
TEAMS = {"售前一组": ["cs_agent", "cs_lead"], "售后组": ["aftersales"], "运营组": ["operator", "editor", "analyst"]}


def build(ctx: Any) -> None:
    staff = {}
    for index, role in enumerate(ROLES):
        user, created = Staff.objects.get_or_create(
            username=role,
            defaults={"role": role, "display_name": DISPLAY_NAMES[role], "phone": f"1380000{index:04d}"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        staff[role] = user
    for name, roles in TEAMS.items():
        team, _created = Team.objects.get_or_create(name=name)
        team.members.add(*(staff[r] for r in roles))
    ctx.made["staff"] = staff
    ctx.log.append(f"staff: {len(staff)}")

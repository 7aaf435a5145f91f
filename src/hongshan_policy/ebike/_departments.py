"""The departments the plan names, normalised, and the work team of 四、保障措施.

The plan names each department once in full (「区工信局」) and often afterwards
without the district prefix (「区工信局、市场监管局牵头负责」: the leading 「区」
distributes over the list). :class:`Department` is the one enumeration used
everywhere; :func:`department` turns either spelling into it and refuses
anything else with the closest name suggested.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum

from ..errors import UnknownDepartmentError
from ..inputs import checked

__all__ = ["WORK_TEAM", "Department", "WorkTeam", "department"]


class Department(StrEnum):
    """A district department as the plan names it, with the 「区」 prefix (order of first mention)."""

    INDUSTRY_IT = "区工信局"
    MARKET_REGULATION = "区市场监管局"
    PUBLIC_SECURITY = "区公安分局"
    FIRE_RESCUE = "区消防救援大队"
    NATURAL_RESOURCES = "区自然资源分局"
    HOUSING = "区住建局"
    DEVELOPMENT_REFORM = "区发改委"
    COMMERCE_INVESTMENT = "区商投局"
    ECOLOGY_ENVIRONMENT = "区生态环境分局"
    EMERGENCY = "区应急局"

    @property
    def short(self) -> str:
        """The name without the district prefix, as the text writes it inside a list: 「市场监管局」."""
        return self.value.removeprefix("区")

    @property
    def en(self) -> str:
        """An English label."""
        return _ENGLISH[self]


_ENGLISH: dict[Department, str] = {
    Department.INDUSTRY_IT: "District Bureau of Industry and Information Technology",
    Department.MARKET_REGULATION: "District Administration for Market Regulation",
    Department.PUBLIC_SECURITY: "District Public Security Sub-bureau",
    Department.FIRE_RESCUE: "District Fire and Rescue Brigade",
    Department.NATURAL_RESOURCES: "District Natural Resources Sub-bureau",
    Department.HOUSING: "District Bureau of Housing and Urban-Rural Development",
    Department.DEVELOPMENT_REFORM: "District Development and Reform Commission",
    Department.COMMERCE_INVESTMENT: "District Bureau of Commerce and Investment Promotion",
    Department.ECOLOGY_ENVIRONMENT: "District Ecology and Environment Sub-bureau",
    Department.EMERGENCY: "District Emergency Management Bureau",
}

_BY_NAME: dict[str, Department] = {
    **{dept.value: dept for dept in Department},
    **{dept.short: dept for dept in Department},
}


@checked
def department(name: Department | str) -> Department:
    """The department a name stands for: the full name 「区市场监管局」 or the short form 「市场监管局」.

    Surrounding whitespace is ignored. Any other name raises
    :class:`~hongshan_policy.errors.UnknownDepartmentError` naming the closest
    department (``difflib``), so a misspelling never passes silently.
    """
    if isinstance(name, Department):
        return name
    if not isinstance(name, str):
        raise UnknownDepartmentError(
            "部门名称应为字符串或 Department",
            "a department must be a str or a Department",
            field="department",
            expected="Department | str",
            got=name,
        )
    key = name.strip()
    found = _BY_NAME.get(key)
    if found is not None:
        return found
    close = difflib.get_close_matches(key, list(_BY_NAME), n=1, cutoff=0.0)
    suggestion = _BY_NAME[close[0]] if close else None
    hint_zh = f",是否指「{suggestion.value}」?" if suggestion else ""
    hint_en = f"; did you mean {suggestion.value!r} ({suggestion.en})?" if suggestion else ""
    raise UnknownDepartmentError(
        f"「{key}」不是本方案列明的部门{hint_zh}",
        f"{key!r} is not a department the plan names{hint_en}",
        field="department",
        expected=suggestion.value if suggestion else [d.value for d in Department],
        got=name,
    )


@dataclass(frozen=True, slots=True)
class WorkTeam:
    """The work team (工作专班) of 四、保障措施, as the text sets it up.

    四、保障措施 「成立红山区电动自行车安全隐患全链条整治工作专班(以下简称工作专班,见附件),负责统筹协调专项整治工作,
    专班不作为区政府议事协调机构,工作完成后自动撤销。区应急局、消防救援大队为召集人单位,区工信局、公安分局、
    住建局、市场监管局为副召集人单位。工作专班办公室设在区消防救援大队,各成员单位派员参加专班工作。」

    Checked against the gazette scan by ``tests/test_ebike.py``; it agrees with
    issue #4. The member list is in an annex (「见附件」) that the scan does
    not contain, so members other than the convenors are not data here.
    """

    name: str
    convenors: tuple[Department, ...]
    """召集人单位 convenor units."""
    deputy_convenors: tuple[Department, ...]
    """副召集人单位 deputy convenor units."""
    office: Department
    """「工作专班办公室设在…」 the unit that hosts the team's office."""
    text: str
    """The sentences of 四、保障措施 this data is read from, as the scan has them."""
    source: str
    """Where this data comes from."""
    clause: str = "ebike:4"

    def roles_of(self, dept: Department | str) -> tuple[str, ...]:
        """The roles a department holds in the work team, in the text's words, possibly none."""
        d = department(dept)
        roles = []
        if d in self.convenors:
            roles.append("召集人单位")
        if d in self.deputy_convenors:
            roles.append("副召集人单位")
        if d == self.office:
            roles.append("工作专班办公室")
        return tuple(roles)


WORK_TEAM = WorkTeam(
    name="红山区电动自行车安全隐患全链条整治工作专班",
    convenors=(Department.EMERGENCY, Department.FIRE_RESCUE),
    deputy_convenors=(
        Department.INDUSTRY_IT,
        Department.PUBLIC_SECURITY,
        Department.HOUSING,
        Department.MARKET_REGULATION,
    ),
    office=Department.FIRE_RESCUE,
    text=(
        "成立红山区电动自行车安全隐患全链条整治工作专班(以下简称工作专班,见附件),负责统筹协调专项整治工作,"
        "专班不作为区政府议事协调机构,工作完成后自动撤销。区应急局、消防救援大队为召集人单位,"
        "区工信局、公安分局、住建局、市场监管局为副召集人单位。工作专班办公室设在区消防救援大队,"
        "各成员单位派员参加专班工作。"
    ),
    source=(
        "赤红政办发〔2024〕4号 四、保障措施, checked against the gazette scan (it agrees with issue #4); "
        "the member list 「见附件」 is not in the scan"
    ),
)
"""The work team of 四、保障措施 (convenors, deputy convenors, office; the annexed member list is not in the scan)."""

"""The deterministic demo: ten aimags and three Ulaanbaatar districts, two linked rounds
per facility, both sides' answers, consensus scores, tallies, meetings and actions.

Everything created is marked ``is_demo``. The same seed gives the same data on every
machine; running it twice creates nothing the second time.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select

from app.extensions import db
from app.models import (
    Action,
    ActionUpdate,
    Area,
    ConsensusScore,
    Facility,
    FacilityType,
    InputItem,
    InterfaceMeeting,
    OfficialResponse,
    Organisation,
    ParticipantGroup,
    Response,
    Round,
    RoundIndicator,
    Score,
    Tally,
    Template,
)
from app.models._types import utcnow
from app.services import demo_data as data
from app.services.accounts import create_user
from app.services.rounds import publish
from app.services.texts import kind_label, set_text
from scorecards.codes import generate_join_code, receipt_for
from scorecards.lifecycle import Phase
from scorecards.submissions import content_fingerprint
from scorecards.vocab import ActionStatus, AgeBand, Channel, Disability, Gender, GroupKind, Side

SEED = 20251123
DEMO_COMMUNITY_CODE = "DEMO01"
DEMO_PROVIDER_CODE = "DEMO02"
# An open round at a Bayan-Ölgii school whose join links open in Kazakh.
KAZAKH_COMMUNITY_CODE = "DEMO03"
KAZAKH_PROVIDER_CODE = "DEMO04"
KAZAKH_AIMAG = "MN-071"
PERIODS = (
    ("2024-H2", date(2024, 9, 1), date(2024, 12, 20)),
    ("2025-H2", date(2025, 9, 1), date(2025, 12, 20)),
    ("2026-H2", date(2026, 9, 1), date(2026, 12, 20)),
)
COMMUNITY_GROUPS = {
    "education": (GroupKind.PARENTS, GroupKind.STUDENTS, GroupKind.WOMEN, GroupKind.HERDERS),
    "health": (GroupKind.WOMEN, GroupKind.MEN, GroupKind.ELDERLY, GroupKind.PATIENTS),
}
GROUP_LABELS = {
    GroupKind.PARENTS: "Эцэг эхчүүд",
    GroupKind.STUDENTS: "Ахлах ангийн сурагчид",
    GroupKind.WOMEN: "Эмэгтэйчүүд",
    GroupKind.MEN: "Эрэгтэйчүүд",
    GroupKind.HERDERS: "Малчид",
    GroupKind.ELDERLY: "Ахмад настан",
    GroupKind.PATIENTS: "Үйлчлүүлэгчид",
    GroupKind.PROVIDERS: "Үйлчилгээ үзүүлэгчид",
}


@dataclass
class DemoSummary:
    facilities: int = 0
    rounds: int = 0
    responses: int = 0
    scores: int = 0


def demo_exists() -> bool:
    return (
        db.session.scalar(select(Organisation.id).where(Organisation.is_demo).limit(1)) is not None
    )


def seed_demo() -> DemoSummary | None:
    """Create the demo once. Returns what was created, or ``None`` when it already exists.

    Needs the geography and the library seeded first.
    """
    if demo_exists():
        return None
    return _DemoBuilder(random.Random(SEED)).build()


class _DemoBuilder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.summary = DemoSummary()
        self.areas = {a.code: a for a in db.session.scalars(select(Area))}
        self.types = {t.code: t for t in db.session.scalars(select(FacilityType))}
        self.templates = {t.code: t for t in db.session.scalars(select(Template))}
        self.used_codes = {
            DEMO_COMMUNITY_CODE, DEMO_PROVIDER_CODE, KAZAKH_COMMUNITY_CODE, KAZAKH_PROVIDER_CODE
        }
        self.open_round_created = False
        self.to_publish: list[Round] = []

    def build(self) -> DemoSummary:
        if not self.areas or not self.templates:
            raise RuntimeError("seed geography and library before the demo")
        organisations = self._organisations()
        users = self._users(organisations)
        facilities = self._facilities()
        for facility, org_key in facilities:
            organisation = organisations[org_key]
            facilitator = users.get(org_key)
            self._rounds_at(facility, organisation, facilitator, users)
        # Last, so the random draws of every other round stay as they were.
        self._kazakh_round(facilities, organisations, users)
        db.session.flush()
        for round_ in self.to_publish:
            publish(round_)
        return self.summary

    # -- people ---------------------------------------------------------------
    def _organisations(self) -> dict[str, Organisation]:
        result = {}
        for key, name_mn, name_en, kind, _ in data.ORGANISATIONS:
            organisation = Organisation(name_mn=name_mn, name_en=name_en, kind=kind, is_demo=True)
            db.session.add(organisation)
            result[key] = organisation
        db.session.flush()
        return result

    def _users(self, organisations: dict[str, Organisation]) -> dict[str, object]:
        by_org = {}
        for email, name, role, org_key, area_codes in data.DEMO_USERS:
            user = create_user(
                email,
                data.DEMO_PASSWORD,
                role,
                name,
                organisation=organisations.get(org_key) if org_key else None,
                areas=[self.areas[c] for c in area_codes],
                is_demo=True,
            )
            if role == "facilitator":
                by_org.setdefault(org_key, user)
            if role == "official":
                by_org["official"] = user
        return by_org

    # -- places ---------------------------------------------------------------
    def _org_for(self, aimag_code: str) -> str:
        for key, _, _, kind, aimags in data.ORGANISATIONS:
            if kind == "ngo" and aimag_code in aimags:
                return key
        return "central"

    def _facilities(self) -> list[tuple[Facility, str]]:
        result = []
        for aimag_code, soum_codes in data.DEMO_AIMAGS:
            for index, soum_code in enumerate(soum_codes):
                soum = self.areas[soum_code]
                school_names = data.SCHOOL_NAMES if index == 0 else data.KINDERGARTEN_NAMES
                school_type = "school" if index == 0 else "kindergarten"
                specs = [
                    (school_names, school_type, index + 1),
                    (data.HEALTH_NAMES, "soum_health_centre", 1),
                ]
                for names, type_code, number in specs:
                    result.append(
                        (self._facility(soum, names, type_code, number), self._org_for(aimag_code))
                    )
        for index, district_code in enumerate(data.DEMO_DISTRICTS):
            district = self.areas[district_code]
            for names, type_code, number in (
                (data.DISTRICT_SCHOOL, "school", 10 + index * 7),
                (data.DISTRICT_HEALTH, "family_health_centre", 3 + index * 5),
            ):
                result.append((self._facility(district, names, type_code, number), "central"))
        db.session.flush()
        return result

    def _facility(
        self, area: Area, names: tuple[str, str], type_code: str, number: int
    ) -> Facility:
        facility = Facility(
            name_mn=names[0].format(soum=area.name_mn, n=number),
            name_en=names[1].format(soum=area.name_en, n=number),
            facility_type=self.types[type_code],
            area=area,
            is_demo=True,
        )
        db.session.add(facility)
        self.summary.facilities += 1
        return facility

    # -- rounds ---------------------------------------------------------------
    def _join_code(self) -> str:
        while True:
            code = generate_join_code(self.rng)
            if code not in self.used_codes:
                self.used_codes.add(code)
                return code

    def _rounds_at(
        self, facility: Facility, organisation: Organisation, facilitator, users
    ) -> None:
        sector = facility.facility_type.sector.code
        template = self.templates[f"{sector}-standard"]
        quality = self.rng.uniform(2.2, 3.6)  # the facility's latent level on 1–5
        is_dornod = facility.area.parent.code == "MN-061"
        is_open_demo_facility = (
            is_dornod and facility.facility_type.code == "school" and not self.open_round_created
        )
        # A few facilities have a second round still under way, for variety.
        second_state = self.rng.choice(
            [Phase.PUBLISHED] * 6 + [Phase.REVIEW, Phase.ACTION_PLAN, Phase.INTERFACE_MEETING]
        )
        previous = None
        previous_actions: list[Action] = []
        for number, (label, start, end) in enumerate(PERIODS[:2], start=1):
            state = Phase.PUBLISHED if number == 1 else second_state
            improvement = 0.35 * (number - 1)
            round_ = self._round(
                facility,
                template,
                organisation,
                facilitator,
                label,
                start,
                end,
                state,
                number,
                previous,
            )
            self._fill_round(
                round_, quality + improvement, sector, state, start, end, previous_actions, users
            )
            previous_actions = list(
                db.session.scalars(select(Action).where(Action.round_id == round_.id))
            )
            previous = round_
        if is_open_demo_facility:
            self.open_round_created = True
            label, start, end = PERIODS[2]
            round_ = self._round(
                facility,
                template,
                organisation,
                facilitator,
                label,
                start,
                end,
                Phase.COMMUNITY_SCORING,
                3,
                previous,
                codes=(DEMO_COMMUNITY_CODE, DEMO_PROVIDER_CODE),
            )
            round_.community_open = round_.provider_open = True
            self._groups(round_, sector, sizes_only=True)
            self._input_items(round_, facility)
            db.session.flush()

    def _kazakh_round(self, facilities, organisations, users) -> None:
        """An open round at the first Bayan-Ölgii school, in Kazakh: its join links and
        QR codes carry ``?lang=kk`` and its groups have Kazakh labels."""
        schools = [
            (facility, org_key)
            for facility, org_key in facilities
            if facility.area.parent.code == KAZAKH_AIMAG and facility.facility_type.code == "school"
        ]
        if not schools:
            return
        facility, org_key = schools[0]
        previous = db.session.scalars(
            select(Round)
            .where(Round.facility_id == facility.id)
            .order_by(Round.round_number.desc())
            .limit(1)
        ).first()
        sector = facility.facility_type.sector.code
        label, start, end = PERIODS[2]
        round_ = self._round(
            facility,
            self.templates[f"{sector}-standard"],
            organisations[org_key],
            users.get(org_key),
            label,
            start,
            end,
            Phase.COMMUNITY_SCORING,
            (previous.round_number + 1) if previous else 1,
            previous,
            codes=(KAZAKH_COMMUNITY_CODE, KAZAKH_PROVIDER_CODE),
        )
        round_.community_open = round_.provider_open = True
        for group in self._groups(round_, sector, sizes_only=True):
            set_text(group, "label", "kk", kind_label(group.kind))
        self._input_items(round_, facility)
        db.session.flush()

    def _round(
        self,
        facility,
        template,
        organisation,
        facilitator,
        label,
        start,
        end,
        state,
        number,
        previous,
        codes=None,
    ) -> Round:
        community_code, provider_code = codes or (self._join_code(), self._join_code())
        round_ = Round(
            facility=facility,
            template=template,
            scale=template.scale,
            organisation=organisation,
            previous_round=previous,
            round_number=number,
            title_mn=f"{facility.name_mn} — {label}",
            title_en=f"{facility.name_en} — {label}",
            period_label=label,
            period_start=start,
            period_end=end,
            # A round to be published is built in review and published at the end
            # through the same service the coordinator's "publish" button calls.
            state=Phase.REVIEW if state == Phase.PUBLISHED else state,
            community_code=community_code,
            provider_code=provider_code,
            is_demo=True,
            # Bayan-Ölgii's families speak Kazakh: its rounds' links open in Kazakh.
            language="kk" if facility.area.parent.code == KAZAKH_AIMAG else None,
            facilitators=[facilitator] if facilitator else [],
            indicators=[
                RoundIndicator(indicator=item.indicator, position=item.position)
                for item in template.items
            ],
        )
        db.session.add(round_)
        db.session.flush()
        if state == Phase.PUBLISHED:
            self.to_publish.append(round_)
        self.summary.rounds += 1
        return round_

    def _groups(
        self, round_: Round, sector: str, sizes_only: bool = False
    ) -> list[ParticipantGroup]:
        groups = []
        kinds = COMMUNITY_GROUPS[sector]
        for kind in (*kinds, GroupKind.PROVIDERS):
            side = Side.PROVIDER if kind == GroupKind.PROVIDERS else Side.COMMUNITY
            size = self.rng.randint(4, 8) if side == Side.PROVIDER else self.rng.randint(8, 16)
            female = {GroupKind.WOMEN: size, GroupKind.MEN: 0}.get(
                kind, self.rng.randint(size // 3, size)
            )
            group = ParticipantGroup(
                round=round_,
                kind=kind,
                side=side,
                label=GROUP_LABELS[kind],
                expected_size=size,
                count_female=0 if sizes_only else female,
                count_male=0 if sizes_only else size - female,
            )
            db.session.add(group)
            groups.append(group)
        db.session.flush()
        return groups

    def _input_items(self, round_: Round, facility: Facility) -> None:
        sector = facility.facility_type.sector.code
        for position, (item, norm, unit) in enumerate(data.INPUT_ITEMS[sector], start=1):
            actual = max(0, round(norm * self.rng.uniform(0.4, 1.05)))
            db.session.add(
                InputItem(
                    round=round_,
                    position=position,
                    item=item,
                    entitlement=item,
                    norm=norm,
                    actual=actual,
                    unit=unit,
                    source="Сумын ЗДТГ-ын тайлан",
                )
            )

    def _score(self, latent: float, indicator_effect: float) -> int:
        value = round(self.rng.gauss(latent + indicator_effect, 0.9))
        return min(5, max(1, value))

    def _fill_round(
        self,
        round_: Round,
        latent: float,
        sector: str,
        state: Phase,
        start: date,
        end: date,
        previous_actions: list[Action],
        users,
    ) -> None:
        groups = self._groups(round_, sector)
        self._input_items(round_, round_.facility)
        indicators = round_.indicators
        effects = {ri.id: self.rng.uniform(-0.8, 0.6) for ri in indicators}
        response_rows, score_batches = [], []
        for group in groups:
            is_paper_group = group.kind in (GroupKind.ELDERLY, GroupKind.HERDERS)
            if is_paper_group and group.side == Side.COMMUNITY:
                self._tallies(round_, group, indicators, latent, effects)
                continue
            side_shift = 0.9 if group.side == Side.PROVIDER else 0.0
            for _ in range(group.expected_size):
                answers = {}
                for ri in indicators:
                    if self.rng.random() < 0.06:
                        answers[ri.id] = (
                            None,
                            "na" if self.rng.random() < 0.5 else "dont_know",
                            "",
                        )
                    else:
                        value = float(self._score(latent + side_shift, effects[ri.id]))
                        reason = ""
                        if self.rng.random() < 0.05:
                            bank = data.REASONS_LOW if value <= 2 else data.REASONS_HIGH
                            reason = self.rng.choice(bank)[0]
                        answers[ri.id] = (value, None, reason)
                gender = self.rng.choice(
                    [Gender.FEMALE] * 6 + [Gender.MALE] * 4 + [Gender.UNDISCLOSED]
                )
                if group.kind == GroupKind.WOMEN:
                    gender = Gender.FEMALE
                if group.kind == GroupKind.MEN:
                    gender = Gender.MALE
                demographics = {
                    "gender": gender,
                    "age_band": self.rng.choice(
                        [AgeBand.UNDER_18]
                        if group.kind == GroupKind.STUDENTS
                        else [
                            AgeBand.AGE_18_34,
                            AgeBand.AGE_35_59,
                            AgeBand.AGE_35_59,
                            AgeBand.AGE_60_PLUS,
                            AgeBand.UNDISCLOSED,
                        ]
                    ),
                    "disability": self.rng.choice(
                        [Disability.NO] * 9 + [Disability.YES, Disability.UNDISCLOSED]
                    ),
                }
                submission_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
                response_rows.append(
                    {
                        "uuid": submission_id,
                        "receipt": receipt_for(submission_id),
                        "content_hash": content_fingerprint(
                            group.side, group.id, demographics, answers, ""
                        ),
                        "round_id": round_.id,
                        "side": group.side,
                        "channel": self.rng.choice(
                            [Channel.PHONE, Channel.PHONE, Channel.TABLET, Channel.PAPER]
                        ),
                        "group_id": group.id,
                        **demographics,
                        "comment": "",
                        "comment_approved": False,
                        "submitted_at": utcnow().replace(
                            year=start.year, month=start.month, day=start.day
                        ),
                    }
                )
                score_batches.append(answers)
        if response_rows:
            ids = db.session.scalars(
                insert(Response).returning(Response.id, sort_by_parameter_order=True), response_rows
            ).all()
            score_rows = [
                {
                    "response_id": response_id,
                    "round_indicator_id": ri_id,
                    "value": value,
                    "missing_reason": missing,
                    "reason": reason,
                    "reason_approved": bool(reason),
                }
                for response_id, answers in zip(ids, score_batches, strict=True)
                for ri_id, (value, missing, reason) in answers.items()
            ]
            db.session.execute(insert(Score), score_rows)
            self.summary.responses += len(ids)
            self.summary.scores += len(score_rows)
        self._consensus(round_, groups, latent, effects)
        if state in (Phase.INTERFACE_MEETING, Phase.ACTION_PLAN, Phase.REVIEW, Phase.PUBLISHED):
            self._meeting(round_, groups, end)
        if state in (Phase.ACTION_PLAN, Phase.REVIEW, Phase.PUBLISHED):
            self._actions(round_, effects, end, previous_actions, users)
        db.session.flush()

    def _tallies(self, round_, group, indicators, latent, effects) -> None:
        rows = []
        for ri in indicators:
            counts = {p: 0 for p in range(1, 6)}
            missing = 0
            for _ in range(group.expected_size):
                if self.rng.random() < 0.06:
                    missing += 1
                else:
                    counts[self._score(latent, effects[ri.id])] += 1
            for point, count in counts.items():
                if count:
                    rows.append(
                        {
                            "round_id": round_.id,
                            "group_id": group.id,
                            "round_indicator_id": ri.id,
                            "point": str(point),
                            "value": float(point),
                            "count": count,
                        }
                    )
            if missing:
                rows.append(
                    {
                        "round_id": round_.id,
                        "group_id": group.id,
                        "round_indicator_id": ri.id,
                        "point": "na",
                        "value": None,
                        "count": missing,
                    }
                )
        db.session.execute(insert(Tally), rows)

    def _consensus(self, round_, groups, latent, effects) -> None:
        rows = []
        for group in groups:
            side_shift = 0.9 if group.side == Side.PROVIDER else 0.0
            for ri in round_.indicators:
                value = float(min(5, max(1, round(latent + side_shift + effects[ri.id]))))
                bank = data.REASONS_LOW if value <= 2.5 else data.REASONS_HIGH
                rows.append(
                    {
                        "round_id": round_.id,
                        "group_id": group.id,
                        "round_indicator_id": ri.id,
                        "value": value,
                        "missing_reason": None,
                        "reason": self.rng.choice(bank)[0],
                        "reason_approved": True,
                    }
                )
        db.session.execute(insert(ConsensusScore), rows)

    def _meeting(self, round_, groups, end) -> None:
        community = [g for g in groups if g.side == Side.COMMUNITY]
        providers = [g for g in groups if g.side == Side.PROVIDER]
        db.session.add(
            InterfaceMeeting(
                round=round_,
                held_on=end - timedelta(days=10),
                place=f"{round_.facility.area.name_mn} сумын соёлын төв",
                community_female=sum(g.count_female for g in community) // 2,
                community_male=sum(g.count_male for g in community) // 2,
                provider_female=sum(g.count_female for g in providers),
                provider_male=sum(g.count_male for g in providers),
                officials=self.rng.randint(1, 3),
                notes="Иргэд болон үйлчилгээ үзүүлэгчид оноогоо харьцуулж, хамгийн бага оноотой "
                "асуудлуудыг ярилцав.",
                decisions="Хамтарсан үйл ажиллагааны төлөвлөгөөнд 3 арга хэмжээ тусгав.",
            )
        )

    def _actions(self, round_, effects, end, previous_actions, users) -> None:
        for old in previous_actions:
            if old.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS):
                old.status = self.rng.choice([ActionStatus.DONE, ActionStatus.IN_PROGRESS])
                if old.status == ActionStatus.DONE:
                    old.completed_on = end - timedelta(days=self.rng.randint(20, 200))
        weakest = sorted(round_.indicators, key=lambda ri: effects[ri.id])[:3]
        for ri in weakest:
            text = self.rng.choice(data.ACTION_TEXTS)
            due = end + timedelta(days=self.rng.choice([60, 120, 240]))
            status = self.rng.choice(list(ActionStatus)[:3])
            action = Action(
                round=round_,
                round_indicator=ri,
                description=text[0],
                responsible=self.rng.choice(["provider", "soum_governor", "ngo", "community"]),
                due_date=due,
                resources="Сумын төсөв, орон нутгийн хөгжлийн сан",
                status=status,
                completed_on=(
                    due - timedelta(days=self.rng.randint(-30, 40))
                    if status == ActionStatus.DONE
                    else None
                ),
            )
            db.session.add(action)
            if status != ActionStatus.PLANNED:
                action.updates.append(
                    ActionUpdate(
                        on_date=end + timedelta(days=30),
                        status=status,
                        note="Ажил эхэлсэн, сумын Засаг даргад танилцуулсан."
                        if status != "done"
                        else "Бүрэн хэрэгжсэн, иргэдэд мэдээлэв.",
                    )
                )
            official = users.get("official")
            if official is not None and round_.facility.area.parent.code == "MN-061":
                action.official_responses.append(
                    OfficialResponse(
                        user=official,
                        office="Дорнод аймгийн Засаг даргын Тамгын газар",
                        body="Аймгийн төсвийн тодотголд тусгаж, хэрэгжилтэд хяналт тавина.",
                        commitment_date=due,
                    )
                )

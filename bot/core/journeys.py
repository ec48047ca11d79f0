"""How services follow one another: families, life events and the services
that usually come next (knowledge/journeys.yml).

Loaded once and validated against the knowledge base: every service and case
exists, and every `when` is the guide's own words for that service.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

import yaml
from pydantic import Field, validator

from bot.core.knowledge import KnowledgeBase, get_knowledge_base
from bot.core.message import UserMessage
from bot.core.schema import Service, Strict
from bot.paths import KNOWLEDGE_DIR
from bot.text import compact

JOURNEYS_PATH = KNOWLEDGE_DIR / "journeys.yml"
# "What must I do (in all)": a life event is asked about, not one service.
EVERYTHING_TO_DO = re.compile(
    r"哪些手续|什么手续|啥手续|都要办|都得办|要办哪些|要办什么|该办什么|需要办什么|都办啥|要办啥|该办啥|得办啥|"
    r"都需要办|有哪些事|哪些事|跑哪些|要跑几|办哪些|哪些业务|都有啥|都有哪些|要弄啥|该弄啥|咋整啊都|哪几样|弄些啥|"
    r"收尾|整套|一共要|都要提前|得办的|要办的事|先得干|先干啥|先得办|先办啥|第一步|该干啥|得干啥|赶紧办啥|"
    r"哪些流程|啥流程|什么流程|都咋办|都怎么办|都咋弄|该咋办|干点啥|(?:要|得|该)给(?:他|她|人家?)办(?:啥|什么|哪些)|"
    r"都(?:要|得|需要)准备(?:啥|什么|哪些)(?!材料)"
)
# A word right after these is denied ("没到退休就走了" is no retirement).
_DENIAL = "没不未"


class Member(Strict):
    service: str
    words: List[str] = Field(min_items=1)
    # The member's case in the family's situation (退钱 when 不够15年 is 缴费不足).
    case: Optional[str] = None

    @validator("words", pre=True)
    def _one_list(cls, words: list) -> list:
        """A list shared by families (a YAML anchor) may stand inside a member's own words."""
        return [word for item in words for word in (item if isinstance(item, list) else [item])]


class Family(Strict):
    name: str
    ask_when_unclear: bool = False  # members easily mistaken for one another
    # Members that do one thing for different people (an employee or a flexible
    # worker): only their words tell them apart, never how clear a story reads.
    only_words_tell: bool = False
    # Words of the situation in which the members are mistaken (a death, "不够
    # 15年"), where a member also serves other situations; empty: always.
    when: List[str] = []
    # Words that name the family as a whole ("转关系", "信息录错了"): a message
    # that uses them and reaches no service is offered the members.
    words: List[str] = []
    members: List[Member] = Field(min_items=2)

    def applies(self, message: UserMessage) -> bool:
        return not self.when or bool(_longest_word(self.when, message.key))

    def applies_in(self, said: Sequence[UserMessage]) -> bool:
        """True if any of these messages (one and the conversation's earlier ones) tells the situation."""
        return any(self.applies(message) for message in said)


class Step(Strict):
    service: str
    cases: List[str] = []  # the case options of the service that belong to the event
    when: Optional[str] = None  # the guide's words for when the step applies


class LifeEvent(Strict):
    id: str
    name: str
    words: List[str] = Field(min_items=1)
    steps: List[Step] = Field(min_items=2)


class Related(Strict):
    after: str
    case: Optional[str] = None  # only after an answer in this case
    next: List[str] = Field(min_items=1, max_items=2)


class Journeys(Strict):
    version: int
    families: List[Family]
    life_events: List[LifeEvent]
    related: List[Related] = []


def _guide_text_of(service: Service) -> str:
    return compact("".join([*service.conditions, *(o.label for o in service.case_options), *service.tips]))


def validate(journeys: Journeys, kb: KnowledgeBase) -> Journeys:
    for family in journeys.families:
        for member in family.members:
            if not kb.get(member.service):
                raise ValueError(f"family {family.name}: no service {member.service}")
            if member.case and (not family.when or member.case not in _option_ids(kb, member.service)):
                raise ValueError(f"family {family.name}: {member.service} has no case {member.case} in a situation")
    for event in journeys.life_events:
        for step in event.steps:
            service = kb.get(step.service)
            if not service:
                raise ValueError(f"life event {event.id}: no service {step.service}")
            unknown = set(step.cases) - _option_ids(kb, step.service)
            if unknown:
                raise ValueError(f"life event {event.id}: {step.service} has no case {unknown}")
            if step.when and compact(step.when) not in _guide_text_of(service):
                raise ValueError(f"life event {event.id}: {step.service}: 'when' is not the guide's words")
    for related in journeys.related:
        after = kb.get(related.after)
        if not after:
            raise ValueError(f"related: no service {related.after}")
        if related.case and related.case not in _option_ids(kb, after.id):
            raise ValueError(f"related: {related.after} has no case {related.case}")
        for following in related.next:
            if not kb.get(following) or following == related.after:
                raise ValueError(f"related: {related.after} → {following} is no other service")
    return journeys


def _option_ids(kb: KnowledgeBase, service_id: str) -> Set[str]:
    return {option.id for option in kb[service_id].case_options}


def situation_case(
    journeys: Journeys, service: str, message: UserMessage, earlier: Sequence[UserMessage] = ()
) -> Optional[str]:
    """The case a family's situation, told now or earlier, gives the service."""
    for family in journeys.families:
        if family.when and family.applies_in((message, *earlier)):
            for member in family.members:
                if member.service == service and member.case:
                    return member.case
    return None


def event_case(
    journeys: Journeys, service: str, message: UserMessage, earlier: Sequence[UserMessage] = ()
) -> Optional[str]:
    """The case of the service's step in the life events told now or earlier, where
    they agree on one ("老伴走了" … "想查查他的档案": 死亡人员档案)."""
    said = (message, *earlier)
    steps = [
        step
        for event in journeys.life_events
        if any(_longest_said(event.words, m.key) for m in said)
        for step in event.steps
        if step.service == service
    ]
    cases = {case for step in steps for case in step.cases}
    return cases.pop() if len(cases) == 1 and all(step.cases for step in steps) else None


def next_services(journeys: Journeys, service_id: str, case_id: Optional[str]) -> List[str]:
    """The services that usually follow an answer about this service and case."""
    for related in journeys.related:
        if related.after == service_id and related.case in (None, case_id):
            return list(related.next)
    return []


def load(kb: KnowledgeBase) -> Journeys:
    raw = yaml.safe_load(JOURNEYS_PATH.read_text(encoding="utf-8"))
    return validate(Journeys.parse_obj(raw), kb)


@lru_cache(maxsize=1)
def get_journeys() -> Journeys:
    return load(get_knowledge_base())


def _longest_word(words: List[str], key: str) -> int:
    return max((len(compact(w)) for w in words if compact(w) in key), default=0)


def _longest_said(words: List[str], key: str) -> int:
    """The longest of the words the key says, not counting one it denies."""
    return max((len(compact(w)) for w in words if _said(compact(w), key)), default=0)


def _said(word: str, key: str) -> bool:
    return any(not key[: m.start()].endswith(tuple(_DENIAL)) for m in re.finditer(re.escape(word), key))


def _single_best(scored: Iterable[Tuple[int, str]]) -> Optional[Tuple[int, str]]:
    """The (score, service) that scores above zero and above every other, if one does."""
    ranked = sorted(scored, reverse=True)
    if ranked and ranked[0][0] and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return ranked[0]
    return None


def family_move(
    journeys: Journeys, current: str, message: UserMessage, earlier: Sequence[UserMessage] = ()
) -> Optional[str]:
    """The member of the current service's family that the message's words single
    out, if any; of several families, the one whose word is the longest
    ("得先把企业的转出来" is the firm's transfer out, not the institution's).
    A family's situation told in an `earlier` message of the conversation still
    holds ("说错了 她是在城里自己交的灵活就业" after "俺二姑没了")."""
    moves: List[Tuple[int, str]] = []
    for family in journeys.families:
        members: Dict[str, List[str]] = {m.service: m.words for m in family.members}
        if current not in members or not family.applies_in((message, *earlier)):
            continue
        own = _longest_word(members[current], message.key)
        best = _single_best(
            (_longest_word(words, message.key), service) for service, words in members.items() if service != current
        )
        if best and best[0] > own:
            moves.append(best)
    return max(moves, key=lambda move: move[0])[1] if moves else None


def family_pick(
    journeys: Journeys, offered: List[str], message: UserMessage, in_situation: bool = False
) -> Optional[str]:
    """The one of `offered` that its family's words single out: in a reply to
    "which service?" ("还得再练一阵 往后延" among the rehabilitation services), or
    among the steps that usually come next ("那个咋给停" after a retiree's death
    benefits is the pension's suspension). `in_situation`: only families whose
    situation the message tells count."""
    longest: Dict[str, int] = {}
    for family in journeys.families:
        if in_situation and not family.applies(message):
            continue
        for member in family.members:
            if member.service in offered:
                found = _longest_word(member.words, message.key)
                longest[member.service] = max(longest.get(member.service, 0), found)
    best = _single_best((length, service) for service, length in longest.items())
    return best[1] if best else None


def family_named(journeys: Journeys, message: UserMessage) -> Optional[Family]:
    """The family whose own words the message uses (the longest), in its situation."""
    found = [(_longest_word(f.words, message.key), i) for i, f in enumerate(journeys.families) if f.applies(message)]
    best = max(found, default=(0, -1))
    return journeys.families[best[1]] if best[0] else None


def member_told(family: Family, message: UserMessage) -> Optional[str]:
    """The member whose words outnumber (or, as many, outlast) every other's, if one does."""
    told = sorted(
        (
            (sum(compact(w) in message.key for w in m.words), _longest_word(m.words, message.key), m.service)
            for m in family.members
        ),
        reverse=True,
    )
    return told[0][2] if told[0][0] > 0 and told[0][:2] > told[1][:2] else None


def _one_member_told(family: Family, message: UserMessage) -> bool:
    return member_told(family, message) is not None


def words_single_out(journeys: Journeys, service: str, message: UserMessage) -> bool:
    """True if the words of an easily mistaken family of the service, in its
    situation, single it out ("个体交养老的 想停了" is the flexible worker's change)."""
    return any(
        f.ask_when_unclear and f.applies(message) and member_told(f, message) == service for f in journeys.families
    )


def unclear_family(journeys: Journeys, service: str, message: UserMessage) -> List[str]:
    """The members to offer when a message reaches one of an easily mistaken
    family without words that single out one member ("是补齐还是退钱" uses two);
    empty when it is clear enough. A service in several such families is asked
    about with the members of each family its words leave open."""
    offered: List[str] = []
    families = [
        f
        for f in journeys.families
        if f.ask_when_unclear and service in (m.service for m in f.members) and f.applies(message)
    ]
    for family in families:
        if any(_narrows(other, family) for other in families):
            continue  # "在外地交的 想转回来": 省内 or 跨省 is asked, not 转出 or 转入
        if _one_member_told(family, message):
            continue
        offered += [m.service for m in family.members if m.service not in offered]
    return offered


def easily_mistaken(journeys: Journeys, service: str, other: str) -> bool:
    """True if both services are members of a family easily mistaken for one another."""
    return any(f.ask_when_unclear and {service, other} <= {m.service for m in f.members} for f in journeys.families)


def _narrows(situational: Family, family: Family) -> bool:
    """True if a family of a situation asks among some of another family's members only."""
    inner = {m.service for m in situational.members}
    return bool(situational.when) and inner < {m.service for m in family.members}


def words_alone_tell(journeys: Journeys, service: str, message: UserMessage) -> bool:
    """True if a family of the service that applies to the message is told
    apart by its members' words alone."""
    return any(
        f.only_words_tell and service in (m.service for m in f.members) and f.applies(message)
        for f in journeys.families
    )


def like_current(
    journeys: Journeys, current: Optional[str], members: List[str], current_name: str = ""
) -> Optional[str]:
    """Of the members of a family to ask about, the one that goes the same way
    as the service under discussion: they share its words ("转出" after
    机关事业单位养老保险跨省转出, so "职业年金也得跟着转" is its 转出), or else
    its name uses the member's words (after 灵活就业参保登记, "发现出生日期录错了"
    is the flexible worker's change)."""
    own = {compact(w) for family in journeys.families for m in family.members if m.service == current for w in m.words}
    name = compact(current_name)
    shared: Dict[str, int] = {}
    in_name: Dict[str, int] = {}
    for family in journeys.families:
        for m in family.members:
            if m.service in members:
                shared[m.service] = max(shared.get(m.service, 0), len(own & {compact(w) for w in m.words}))
                in_name[m.service] = max(in_name.get(m.service, 0), _longest_word(m.words, name))
    best = _single_best((count, service) for service, count in shared.items())
    best = best or _single_best((length, service) for service, length in in_name.items())
    return best[1] if best else None


# Of those, the ones that ask for several things ("都要办啥", not "得走啥手续").
SEVERAL_THINGS = re.compile(r"都|哪些|哪几|一共|整套|全部")


def asks_everything(message: UserMessage) -> bool:
    """True if the message asks for all it must do ("都要办啥"), not for one service."""
    return bool(EVERYTHING_TO_DO.search(message.key))


def asks_several(message: UserMessage) -> bool:
    """True if the message asks which several things it must do ("一共要办哪些")."""
    return asks_everything(message) and bool(SEVERAL_THINGS.search(message.key))


def find_life_event(journeys: Journeys, message: UserMessage) -> Optional[LifeEvent]:
    """The life event a message asks about as a whole ("母亲过世了，社保这边有哪些手续")."""
    return event_told(journeys, message) if asks_everything(message) else None


def event_told(journeys: Journeys, message: UserMessage) -> Optional[LifeEvent]:
    """The life event whose words the message says and does not deny ("老头子没了")."""
    found = [(_longest_said(event.words, message.key), event) for event in journeys.life_events]
    found = [(score, event) for score, event in found if score]
    return max(found, key=lambda pair: pair[0])[1] if found else None


def event_named(journeys: Journeys, event_id: Optional[str]) -> Optional[LifeEvent]:
    return next((event for event in journeys.life_events if event.id == event_id), None)

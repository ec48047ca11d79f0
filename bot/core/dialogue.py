"""What one user turn changes in the conversation state (service, case, district).

Plain functions over plain values, so the action server stays thin and the
rules are unit-tested without Rasa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot.core.answers import Answer, answer
from bot.core.cases import affirmed, match_case, ordinal, titled_case
from bot.core.details import ALL, NONE, case_path, needed_details, pending_cases, same_answer
from bot.core.guide_sentences import asks_a_detail, get_sentence_index, sentences_of
from bot.core.journeys import (
    Journeys,
    LifeEvent,
    asks_several,
    easily_mistaken,
    event_case,
    event_told,
    family_move,
    family_named,
    family_pick,
    find_life_event,
    get_journeys,
    like_current,
    member_told,
    next_services,
    situation_case,
    unclear_family,
    words_alone_tell,
    words_single_out,
)
from bot.core.knowledge import KnowledgeBase
from bot.core.message import UserMessage
from bot.core.question_parts import (
    Part,
    asked_parts,
    asks_something,
    numbered_list,
    opens_another_topic,
    several_questions,
)
from bot.core.question_words import named_words, only_asks_length, question_cue
from bot.core.resolve import Resolution, ServiceResolver
from bot.core.schema import Service
from bot.intents import ANSWER_INTENTS, BY_INTENT, DEFAULT_QUESTION
from bot.text import compact

# With a service already under discussion, a vague reading is not enough to
# switch to another one ("那网上能办吗" must stay on the current service).
SWITCH_SCORE = 0.75
# …but less is enough when the current service left no trace in the message
# ("住院康复花的钱咋报" after 工伤康复治疗期延长申请). Tuned on the development set.
SWITCH_AWAY_SCORE = 0.5
MAX_OFFERED = 4
# Replies that answer no question asked (a case, a district, a service of a
# list) before the assistant stops asking it.
MAX_FAILED_ATTEMPTS = 2
DETAIL = "detail"  # a question of several that the guide's sentences answer
# A message that says this little beyond its question words, read by the
# classifier alone below this score while another service also fits, is asked
# about ("工伤花的钱咋报"). Tuned on the conversation development set.
VAGUE_CHARS = 11
SURE_ALONE = 0.85
# A question that reaches no service is asked about with the services the
# classifier reads it as, when the likeliest has this much and each offered
# this much. Tuned on the conversation development set.
FAINT_TOP = 0.2
FAINT_SCORE = 0.08
# A longer story that reaches one member of a family this surely is not asked
# about ("工伤职工咱这协议医院治不了 得转沈阳 备案咋弄"). Tuned on the development set.
DESCRIBED_SCORE = 0.6
# A story told while its case is still to ask is answered beside the question by
# a sentence of the guide that shares this much of its words. Tuned on the
# development detail set.
STORY_SCORE = 0.5
# A clause of a message with several questions is about another service only
# when it reaches that one this surely.
PART_SCORE = 0.3
# …and the classifier's reading of a question counts when it says this much
# beyond its question words.
PART_WORDS = 4
# Questions whose answer lists the cases of a service, so that a reply may pick one.
CASE_QUESTIONS = ("materials", "overview")
# The case classifier must be this sure, and lead the next option of the same
# service by this much, for its reading to count as the case stated.
CASE_SURE = 0.5
CASE_MARGIN = 0.2
# …and give it at least this probability outright ("在哪办" says nothing of a case),
# or less when the message corrects the case understood ("不对 他是单位给交的").
CASE_EVIDENCE = 0.2
CORRECTION_EVIDENCE = 0.1
# A message that starts by correcting what the assistant understood
# ("哎不对 我退休是批下来了…") tells about the service under discussion.
_CORRECTION = re.compile(r"^(?:哎|唉|哦|噢|嗯)?(?:不对|不是的|错了|说错了|记错了|我记差了|搞错了|弄错了)")
# "能…领/退/转…": asking whether something can be done is asking how.
_GET_IT_DONE = re.compile(r"能.{0,8}?(?:领|退|返|拿|并|转|续|补|报|办|加|享受|申请|查)")
# "认定完了", "批下来以后": the step under discussion is done, and what the
# message asks next is likely another service.
_STEP_DONE = re.compile(r"(?:完了|完以后|完之后|完后|下来了|下来以后|下来后|下来之后|结果出来了|结论出来了)")
# "确认下来了 下一步呢": what comes after the service under discussion.
_NEXT_STEP = re.compile(r"(?:下一步|然后呢|接下来|之后呢|再往下)")
# …and what a message asks after saying a step is done, when it means the next one.
_WHAT_NEXT = ("materials", "conditions")
# A paper a message may ask about ("退休审批表", "低保证明", "那张收据"), with the words before it.
_PAPER = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:审批表|证明|表|证|书|收据|档案|发票|凭证|合同|手册)")
# What may surround a service name that is said on its own ("那…呢", "是…").
_AROUND_A_NAME = re.compile(r"^(那|那么|还有|那个|是|就是|我问的是|问的是)|(呢|咧|吧|的|啊|呀)$")


@dataclass
class State:
    """The slots that carry the conversation."""

    service: Optional[str] = None
    question: Optional[str] = None
    case: Optional[str] = None
    case_branch: Optional[str] = None
    district: Optional[str] = None
    offered_services: List[str] = field(default_factory=list)
    failed_attempts: int = 0
    life_event: Optional[str] = None  # a life event asked about as a whole
    asked_about: Optional[str] = None  # the message that left the service to choose
    detail: Optional[str] = None  # the words of a question only the guide's own sentences answer
    # "service|question" asked beside the first; "service|detail|words" for a detail
    more_questions: List[str] = field(default_factory=list)

    def as_slots(self) -> Dict[str, object]:
        return dict(self.__dict__)


def entity_values(entities: Iterable[Dict], name: str) -> List[str]:
    return [str(e["value"]) for e in entities or () if e.get("entity") == name and e.get("value")]


def choose_service(
    resolution: Resolution,
    current: Optional[str],
    named_only: bool = False,
    following: Sequence[str] = (),
    step_done: bool = False,
    case_of_current: bool = False,
) -> Optional[Service | List[Service]]:
    """The service a turn is about: one service, a list to choose from, or None (unchanged).

    With `named_only`, a service under discussion changes only for one the message names;
    `following` are the services that usually come after it, which need less to move to
    ("鉴定完了 领钱那块还得另外申请吧" after 劳动能力鉴定); with `step_done` (the message
    says the current step is done: "认定完了 住院这些钱咋报") any clear reading of
    another service moves there; with `case_of_current` (the message uses the words
    of a case of the current service) only a decided one does."""
    if not resolution.candidates:
        return None
    best, decided = resolution.candidates[0], resolution.decided
    named = best.source in ("name", "mention")
    if current:
        # With a service under discussion, only a named service or a sure
        # reading switches; a vague one is a follow-up about the current one.
        traced = any(c.service.id == current for c in resolution.candidates)
        next_step = best.service.id in following
        sure = step_done or best.score >= (SWITCH_SCORE if traced and not next_step else SWITCH_AWAY_SCORE)
        if decided and decided.id != current and (named or (sure and not named_only)):
            return decided
        undecided_away = not traced and not named_only and not case_of_current and best.score >= SWITCH_AWAY_SCORE
        if not decided and (named or undecided_away):
            # Two services read alike, neither the one discussed ("还有那个每年认证的"
            # after a payment account): which one, unless the topic tells.
            return resolution.top(MAX_OFFERED)
        return None
    return decided or resolution.top(MAX_OFFERED)


def pick_offered(
    kb: KnowledgeBase,
    resolution: Resolution,
    offered: Sequence[str],
    message: UserMessage,
    cases: Sequence[Tuple[str, str, float]] = (),
) -> Optional[Service]:
    """The service of those offered that a reply's words clearly point to (if
    it is also one the reply alone would have offered), the one its family's
    words single out, or the only one of them whose case the reply describes
    ("就在家呆着呢 住凌源")."""
    picked = resolution.among(offered).decided
    if picked and picked in resolution.top(MAX_OFFERED):
        return picked
    by_words = family_pick(get_journeys(), list(offered), message)
    if by_words:
        return kb[by_words]
    described = [service for i in offered if (service := kb.get(i)) and described_case(service, cases)]
    if len(described) == 1:
        return described[0]
    # "她是农村的 领的城乡居民养老": the reply names a kind of insurance (the
    # services it fits are all of it, none clearly), and one of those offered is of it.
    kinds = {c.service.category for c in resolution.candidates}
    of_kind = [service for i in offered if (service := kb.get(i)) and service.category in kinds]
    clearly = resolution.decided and resolution.best and resolution.best.score >= DESCRIBED_SCORE
    return of_kind[0] if len(kinds) == 1 and len(of_kind) == 1 and not clearly else None


def same_topic(kb: KnowledgeBase, current: Optional[str], candidates: Sequence[Service]) -> Optional[Service]:
    """Of several services that fit, the only one of the category under
    discussion ("待遇资格认证" while a work injury is discussed)."""
    service = kb.get(current)
    same = [c for c in candidates if service and c.category == service.category and c.id != service.id]
    return same[0] if len(same) == 1 else None


def find_district(kb: KnowledgeBase, message: UserMessage, entities: Sequence[Dict]) -> Optional[str]:
    for mention in entity_values(entities, "district"):
        name = kb.district_named(mention)
        if name:
            return name
    for district in kb.districts:
        for word in [district.name, *district.synonyms]:
            if compact(word) and compact(word) in message.key:
                return district.name
    return None


def without_names(kb: KnowledgeBase, service: Service, message: UserMessage) -> UserMessage:
    """The message with the service's own names blanked out."""
    return _blanked(message, kb.names_of(service))


def _blanked(message: UserMessage, names: Iterable[str]) -> UserMessage:
    key = message.key
    for name in sorted((compact(n) for n in names), key=len, reverse=True):
        key = key.replace(name, " ")
    return replace(message, raw=key, text=key, key=key)


def without_case_words(message: UserMessage, service: Service, case_id: Optional[str]) -> UserMessage:
    """The message without the words that told its case ("超过退休年龄" is no deadline)."""
    if not case_id or case_id in (ALL, NONE):
        return message
    return _blanked(message, case_words(service, case_id))


def case_words(service: Service, case_id: str) -> List[str]:
    """How the guide and people name a case and the branches above it."""
    return [word for o in case_path(service, case_id) for word in (o.label, o.button_title, *o.keywords)]


def family_word_pick(kb: KnowledgeBase, candidates: Sequence[Service], message: UserMessage) -> Optional[Service]:
    """Of several services that fit a message naming their family, the one
    its family's words single out beyond the names ("工伤认定要延期": 延期, not 认定)."""
    names = kb.names_in(message.key)
    picked = family_pick(get_journeys(), [c.id for c in candidates], _blanked(message, names)) if names else None
    return kb[picked] if picked else None


def sibling_named(kb: KnowledgeBase, service: Service, message: UserMessage) -> Service:
    """The member of the service's family that the message's words single out
    ("工伤认定要延期" is the extension) or, in a family told apart by words alone,
    that the message uses ("我是灵活就业 两条记录咋合并" is the flexible worker's
    change, however the story reads); else the service itself. Words inside the
    service's own names do not count."""
    names = kb.names_in(message.key)
    journeys = get_journeys()
    if set(names) & set(kb.names_of(service)):
        message = _blanked(message, names)
    elif not words_alone_tell(journeys, service.id, message):
        return service  # a story read as one member outweighs a word of another ("…住院了")
    moved = family_move(journeys, service.id, message)
    return kb[moved] if moved else service


def _vague(resolution: Resolution, message: UserMessage) -> bool:
    """True for a short message that only the classifier, and not surely, reads as one
    service while another also fits."""
    best = resolution.best
    if not best or best.source != "classifier" or best.score >= SURE_ALONE or len(resolution.candidates) < 2:
        return False
    return len(named_words(message)) <= VAGUE_CHARS


def asks_what_to_do(message: UserMessage, parts: Sequence[Part]) -> bool:
    """True for "怎么领 / 咋办 / 要带啥" (a question of the materials, by the words
    that ask it) without "介绍一下 / 是什么业务"."""
    if question_cue("overview").search(message.key):
        return False
    return any(part.question == "materials" for part in parts)


def asks_to_get_it_done(message: UserMessage, parts: Sequence[Part]) -> bool:
    """True for "能返给家里吗", "能并过来不": can it be done — what to bring and do —
    unless it asks about eligibility in so many words ("啥条件", "够不够")."""
    if not _GET_IT_DONE.search(message.key) or asks_a_detail(message, plain_question=True):
        return False  # "能委托别人办吗" asks a detail of the guide
    return all(part.vague for part in parts if part.question == "conditions")


def answered_by_a_sentence(service: Service, detail: Optional[str]) -> bool:
    return bool(detail and get_sentence_index().answering(service.id, detail))


def asks_of_its_papers(kb: KnowledgeBase, resolver: ServiceResolver, service: Service, message: UserMessage) -> bool:
    """True for a detail about a paper the service's own sentences name, in a
    message that names no service ("退休审批表俺没留复印件 咋整" while a refund is
    discussed is about a paper of the refund, not about 办退休)."""
    if resolver.by_name(message.key) or not asks_a_detail(message):
        return False
    text = "".join(quote.key for quote in sentences_of(service))
    papers = [m.group() for m in _PAPER.finditer(message.key)]
    if not any(paper[start:] in text for paper in papers for start in range(len(paper) - 1)):
        return False
    return answered_by_a_sentence(service, without_names(kb, service, message).key)


def described_clearly(resolution: Resolution, service: Service, message: UserMessage) -> bool:
    """True for a message that tells its story at length ("工伤职工咱这协议医院治不了
    得转沈阳") and that reads clearly as this one service: no need to ask
    which member of its family is meant."""
    best = resolution.best
    return bool(
        best
        and best.score >= DESCRIBED_SCORE
        and resolution.decided == service
        and len(named_words(message)) > VAGUE_CHARS
    )


def surely_meant(resolution: Resolution) -> bool:
    """True if the message names one service, or surely means it."""
    best = resolution.best
    return bool(resolution.decided and best and (best.source in ("name", "mention") or best.score >= SWITCH_SCORE))


def names_officially(service: Service, message: UserMessage) -> bool:
    """True for a button, or a message with the service's official or short name;
    an alias ("办退休", "工伤鉴定") may be what its whole family is called."""
    if message.raw.startswith("/"):
        return True
    return any(compact(name) in message.key for name in (service.name, service.short_name) if name)


def _bare(message: UserMessage) -> str:
    """The message without the words around a name ("那…呢")."""
    key = message.key
    for _ in range(3):
        key = _AROUND_A_NAME.sub("", key)
    return key


def names_only_a_service(resolver: ServiceResolver, message: UserMessage) -> bool:
    """True if the message is a service name and little else ("那劳动能力鉴定呢")."""
    key = _bare(message)
    return bool(key) and bool(resolver.kb.lookup(key))


def names_only_a_service_or_case(resolver: ServiceResolver, current: Optional[Service], message: UserMessage) -> bool:
    """True if the message is a service name, or a case of the current service, and little else."""
    if names_only_a_service(resolver, message):
        return True
    key = _bare(message)
    words = {compact(w) for o in (current.case_options if current else ()) for w in (o.button_title, *o.keywords)}
    return bool(key) and key in words


def names_another(kb: KnowledgeBase, resolution: Resolution, current: Service, message: UserMessage) -> bool:
    """True if the message names another service, which it reaches clearly."""
    other, best = resolution.decided, resolution.best
    if not other or not best or other.id == current.id or best.source != "name":
        return False
    return any(compact(name) in message.key for name in kb.names_of(other))


def case_reply(service: Service, state: State, message: UserMessage) -> Optional[str]:
    """The option the message picks of the case question still open, if any."""
    # An overview lists the cases too: a number or description after it picks one.
    asked = pending_cases(service, state.case_branch) if state.question in CASE_QUESTIONS else None
    if not asked or state.case:
        return None
    return match_case(service, message, asked=asked).value


def described_case(
    service: Service,
    cases: Sequence[Tuple[str, str, float]],
    branch: Optional[str] = None,
    evidence: float = CASE_EVIDENCE,
) -> Optional[str]:
    """The case option of this service the case classifier clearly reads in the
    message, if any; below `branch`, a branch already told, one of its own options."""
    # This service's options (and "none stated"), as shares of what the classifier gave it.
    own = [(case, p) for service_id, case, p in cases if service_id == service.id]
    within = pending_cases(service, branch) if branch else None
    if within:
        # The branch itself competes: "上班的 还没退休 人没了" reads as 在职死亡 more
        # than as any of its causes, which is then asked, not guessed.
        below = {branch, *(option.id for option in within.walk())}
        own = [(case, p) for case, p in own if case in below]
    total = sum(p for _, p in own)
    if not own or total <= 0:
        return None
    (best, p_best), p_next = own[0], (own[1][1] if len(own) > 1 else 0.0)
    if best == branch or best not in {option.id for option in service.case_options} or p_best < evidence:
        return None  # "none", or too little said about this service's cases at all
    if p_best / total < CASE_SURE or (p_best - p_next) / total < CASE_MARGIN:
        return None  # unsure, or two options fit: the form asks
    return best


def case_told_before(
    kb: KnowledgeBase,
    service: Service,
    told_before: Sequence[str],
    cases_before: Sequence[Sequence[Tuple[str, str, float]]] = (),
) -> Optional[str]:
    """The case of a service now asked about that an earlier message told in its
    words ("俺爸是水泥厂退休的 前天人没了…", then "那丧葬费那块要带啥"), or that the case
    classifier clearly read in it ("单位一个职工脑出血没了", then "他个人账户的钱咋领"),
    the nearest first."""
    for index, text in enumerate(told_before):
        found = match_case(service, without_names(kb, service, UserMessage.read(text))).value
        if not found and index < len(cases_before):
            found = described_case(service, cases_before[index])
        if found and found not in (ALL, NONE):
            return found
    return None


def apply_case(state: State, service: Service, value: Optional[str]) -> bool:
    """Record a matched case (leaf, branch or special); True if anything was recorded."""
    if not value:
        return False
    if value in (ALL, NONE):
        state.case, state.case_branch = value, None
        return True
    if pending_cases(service, value):  # a branch with its own sub-question
        state.case, state.case_branch = None, value
    else:
        state.case, state.case_branch = value, None
    return True


def apply_told_case(
    state: State, service: Service, value: Optional[str], cases: Sequence[Tuple[str, str, float]]
) -> bool:
    """Record the case a message tells; where it names only a branch ("身份证号录错了
    一位"), the branch's option that the case classifier reads in it too."""
    if not apply_case(state, service, value):
        return False
    if state.case_branch and not state.case:
        apply_case(state, service, described_case(service, cases, branch=state.case_branch))
    return True


def read_turn(
    kb: KnowledgeBase,
    resolver: ServiceResolver,
    state: State,
    intent: str,
    message: UserMessage,
    entities: Sequence[Dict] = (),
    ranking: Sequence[Tuple[str, float]] = (),
    cases: Sequence[Tuple[str, str, float]] = (),
    part_rankings: Optional[Mapping[str, Sequence[Tuple[str, float]]]] = None,
    told_before: Sequence[str] = (),
    cases_before: Sequence[Sequence[Tuple[str, str, float]]] = (),
) -> State:
    """The state after a user message that asks (or narrows) a question.

    `entities`, `ranking` and `cases` are what the NLU found: its entities,
    its service classifier's (service id, probability) pairs and its case
    classifier's (service id, case id, probability) triples; `part_rankings`
    the classifier's pairs for each question of a message that asks several;
    `told_before` the user's earlier messages, the nearest first, and
    `cases_before` the case classifier's triples of each.
    """
    new = replace(state, offered_services=[], life_event=None, asked_about=None, detail=None, more_questions=[])
    journeys = get_journeys()
    earlier = [UserMessage.read(text) for text in told_before]
    parts = asked_parts(kb, message)
    event = find_life_event(journeys, message)
    resolution = resolver.resolve(message, entity_values(entities, "service"), ranking)
    if event and _asks_of_a_service(kb, event, message, parts, resolution):
        event = None
    if event:
        # "What must I do after…": the event's services, before any one of them;
        # a reply that describes one of them ("先说给工人停保那个") picks it.
        steps = [step.service for step in event.steps]
        return replace(
            new,
            life_event=event.id,
            offered_services=steps,
            question="materials",
            service=None,
            case=None,
            case_branch=None,
        )
    current = kb.get(state.service) if state.service else None
    # A reply to the open case question that the NLU took for a new question
    # ("退休" may look like the service 办退休) stays an answer, and so does a
    # statement or correction about the case of the service under discussion.
    # "另外有个员工…录错了 要改" opens a new question, though it states something:
    # what must be done about it.
    fresh = intent in ANSWER_INTENTS and opens_another_topic(message)
    correcting = bool(_CORRECTION.match(message.key))
    answering = (intent in ANSWER_INTENTS and not fresh) or correcting
    told = None
    if current:
        told = case_reply(current, state, message)
        if not told and answering:
            # A case's own words first ("他自己交的 个体那种"), then the classifier's reading.
            evidence = CORRECTION_EVIDENCE if correcting and state.case else CASE_EVIDENCE
            told = match_case(current, without_names(kb, current, message)).value or described_case(
                current, cases, evidence=evidence
            )
        beyond_told = without_case_words(message, current, told)
        if told and (
            names_another(kb, resolution, current, beyond_told) or family_move(journeys, current.id, beyond_told)
        ):
            # "家里人来问 那个工亡补助金咋领", "两条记录那个…是他自己交的灵活就业": the
            # service named, or the sibling whose words beyond the case's are used, is meant.
            told = None
    if current and apply_told_case(new, current, told, cases):
        # A case told after an overview wants that case's materials; a
        # correction keeps the question that was being answered.
        new.question = "materials" if state.question in (None, "overview") else state.question
        return new
    if current and only_asks_length(message):
        return new  # "简单说一下": the same answer, shorter or longer
    asked = None if correcting and state.question else BY_INTENT.get(intent)  # a correction keeps the question
    new.question = asked.key if asked else "materials" if fresh else state.question or DEFAULT_QUESTION
    if state.question and intent == "ask_overview" and names_only_a_service_or_case(resolver, current, message):
        # "那劳动能力鉴定呢", or a service named in reply to "which service?",
        # or "丧葬费呢" (a case of the service discussed): the same question, about it.
        new.question = state.question
    elif new.question == "overview" and asks_what_to_do(message, parts):
        new.question = "materials"  # "…咋领啊": what to bring and do, not a summary

    if state.service:
        # "工伤认定书还用复印不" asks about a paper the service under discussion needs.
        resolution = resolution.without(resolver.papers_in(message.key))
    if current and asks_of_its_papers(kb, resolver, current, message):
        resolution = Resolution([], resolution.order)  # the paper's own service reads nothing new
    # A statement about the case under discussion never switches services
    # unless it names another one; one that also asks ("听说能给丧葬费 想领")
    # may, on a sure reading. A correction never does.
    asks_too = not correcting and asks_something(message)
    following = next_services(journeys, state.service, state.case) if state.service else []
    step_done = bool(_STEP_DONE.search(message.key))
    # "丧葬费呢" after 工亡补助金: another case of the service discussed.
    case_of_current = bool(current and match_case(current, without_names(kb, current, message)).value)
    chosen = choose_service(
        resolution,
        state.service,
        named_only=answering and not asks_too,
        following=following,
        step_done=step_done,
        case_of_current=case_of_current,
    )
    if step_done and following and current and _faint_elsewhere(kb, resolution, current, chosen):
        chosen = None  # "鉴定完了 领钱那块还得另外申请吧": the next step, below
    moved = None
    # A correction that names another service only by a word its family uses
    # ("不对 他领的是伤残津贴" during 认证) moves within the family first.
    renamed = correcting and isinstance(chosen, Service) and not names_officially(chosen, message)
    # So does a reading of the classifier alone ("判了以后那几个月钱他都领了 要退回去"
    # after the pension's suspension for prison is its recovery, not a refund).
    only_read = isinstance(chosen, Service) and _read_only(resolution, chosen)
    if state.service and (chosen is None or renamed or only_read):
        # "那转入这边要什么" after a transfer out; "那个咋给停" after a death benefit.
        # What the message denies ("她不是村里那个") moves nowhere.
        moved = family_move(journeys, state.service, affirmed(message), earlier) or (
            None if renamed or only_read or case_of_current else family_pick(journeys, following, message)
        )
    if moved:
        chosen = kb.get(moved)
    number = ordinal(message)
    if chosen is None and number and number <= len(state.offered_services):
        chosen = kb.get(state.offered_services[number - 1])
    picked = None
    # "确认下来了 下一步呢": the step that usually comes next (after the service
    # under discussion, or after another of those offered), not its family.
    # "评完了 九级 能给啥钱": a step done, and what to do or get now.
    asks_next = bool(_NEXT_STEP.search(message.key)) or (step_done and chosen is None and new.question in _WHAT_NEXT)
    next_step = (following or _follows_another(journeys, state.offered_services)) if asks_next else []
    if chosen is None and next_step:
        picked = kb[next_step[0]]
    elif isinstance(chosen, Service) and chosen.id in state.offered_services:
        picked = chosen  # one of those offered: the family is not asked about again
    elif state.offered_services and (not isinstance(chosen, Service) or not surely_meant(resolution)):
        # "先说他在外地住院那个备案" after a list: the one offered that the words
        # describe, before a service the reply only barely fits ("还有恢复的希望").
        picked = pick_offered(kb, resolution, state.offered_services, message, cases)
    chosen = picked or chosen
    # A reply to "which of these?" that picks none and names nothing else
    # ("停了以后还能接上不"): the same services are offered again, not "没有找到".
    asked_again = chosen is None and not state.service and bool(state.offered_services)
    asked_again = asked_again and state.failed_attempts < MAX_FAILED_ATTEMPTS
    if asked_again:
        chosen = [kb[i] for i in state.offered_services]
    named_family = family_named(journeys, message)
    if named_family and state.service:
        # In a follow-up, only a family whose member its words single out, and
        # not the family discussed ("他退休金那张卡也过期了" after the certification).
        members = [m.service for m in named_family.members]
        if state.service in members or not member_told(named_family, message):
            named_family = None
    if chosen is not None and surely_meant(resolution):
        # A family named as a whole ("社保转移", "村里交的农保 … 人没了") outweighs a
        # reading that is not sure.
        named_family = None
    if named_family:
        # "转关系要什么材料": a family named as a whole, and no one service reached.
        members = [m.service for m in named_family.members]
        member = member_told(named_family, message) or family_pick(journeys, members, message)
        chosen = kb[member] if member else [kb[m] for m in members][:MAX_OFFERED]
    family: List[str] = []  # the members of an easily mistaken family, asked about
    if not picked and not isinstance(chosen, list) and chosen is not None and chosen.id != state.service:
        chosen = sibling_named(kb, chosen, message)
        clear = names_officially(chosen, message) or (
            described_clearly(resolution, chosen, message) and not words_alone_tell(journeys, chosen.id, message)
        )
        # "鉴定结论下来了 同意配 然后呢": the step after the one discussed, not its family.
        next_one = chosen.id in following and (step_done or asks_next)
        # "得先把企业的转出来": the sibling whose words the message uses is no question.
        clear = clear or next_one or chosen.id == moved
        unclear = unclear_family(journeys, chosen.id, message)
        after = next_services(journeys, chosen.id, None)
        if unclear and not clear and step_done and not state.service and after:
            # "评残结果出来了 七级 钱咋领": that step is done; the one after it is asked about.
            chosen, unclear = kb[after[0]], []
        family = [] if clear else unclear
        family = [m for m in family if not same_answer(kb[m], chosen, new.question or DEFAULT_QUESTION)]
        # Without a word of its own, the way a family member goes is the way of the
        # service under discussion, however clearly the classifier reads another
        # ("职业年金也跟着转" after a transfer in is the annuity's transfer in).
        same_way = (
            None
            if next_one or chosen.id == moved or not unclear
            else like_current(journeys, state.service, unclear, current.name if current else "")
        )
        if same_way:
            chosen, family = kb[same_way], []
        if family:
            # "转关系要什么材料": which way? The likeliest first.
            chosen = [chosen, *(kb[m] for m in family if m != chosen.id)][:MAX_OFFERED]
        elif not state.service and (
            (_vague(resolution, message) and not words_single_out(journeys, chosen.id, message))
            or (asks_several(message) and not names_officially(chosen, message))
        ):
            # "工伤花的钱咋报" (a few words that fit several services), "辞职了以后自己交
            # 社保，都要办啥" (every service the message may involve): offer them.
            likely = [c.service for c in resolution.candidates[:MAX_OFFERED]]
            chosen = likely if len(likely) > 1 else chosen
    if chosen is None and not state.service and not state.offered_services:
        # "老头子没了 他保险咋给停": no service reached, but a life event told: its
        # steps that the classifier reads at all are offered, not "没有找到".
        # So is a question the classifier reads faintly; a statement that reaches nothing is no question.
        faint = _faintly_read(kb, ranking) if asks_something(message) else None
        chosen = _steps_read(kb, event_told(journeys, message), ranking, cases) or faint
    if isinstance(chosen, list):
        # Members of a family asked about were told by none of its words; another
        # family's words ("去世" of the resident's funeral grant) do not tell them.
        by_words = None if family else family_word_pick(kb, chosen, message)
        chosen = same_topic(kb, state.service, chosen) or by_words or chosen
    if isinstance(chosen, list):
        new.service = new.case = new.case_branch = None  # a case belongs to the service it was told for
        new.offered_services = [s.id for s in chosen]
        # The first message's case words still count once the service is chosen.
        new.asked_about = state.asked_about if asked_again else message.text
        new.failed_attempts = state.failed_attempts + 1 if asked_again else 0
    elif chosen is not None and chosen.id != state.service:
        new.service = chosen.id
        new.case = new.case_branch = None

    told_only = intent in ANSWER_INTENTS and not state.question and not message.raw.startswith("/")
    if told_only and (new.service or new.offered_services):
        # A first message that only tells what happened ("想调我爸的档案看看 他去年走的")
        # wants to know what to do: the materials, as after 另外/还有.
        new.question = "materials"
    several = several_questions(parts)
    rankings = part_rankings or {}
    if several and not new.service and (numbered_list(parts) or not family):
        # Several questions that reach no one service as a whole: the first one's.
        first = _resolve_part(resolver, parts[0], rankings).decided
        if first:
            new.service, new.offered_services, new.asked_about = first.id, [], None
            new.case = new.case_branch = None
    elif (
        several
        and new.service
        and new.service != state.service
        and not names_officially(kb[new.service], UserMessage.read(parts[0].text))
    ):
        # The message as a whole leans to one service, its first question clearly
        # asks about another ("想上城乡居民养老要带啥 … 俺妈领居民养老金得够啥条件";
        # "年金方案要备案 要交啥 … 另外方案改了 变更备案要啥": a name in a later question).
        first = _clearly(_resolve_part(resolver, parts[0], rankings))
        if first and first.id != new.service:
            new.service, new.case, new.case_branch = first.id, None, None

    service = kb.get(new.service) if new.service else None
    found = None
    if service:
        # Only an unprompted description here; numbers answer a question asked
        # by the form. The service's own name is no description of the case
        # ("…省内转入" must not pick the case "转入职工" by its keyword 职工).
        described = without_names(kb, service, message)
        mentioned = [UserMessage.read(value) for value in entity_values(entities, "case")]
        found = next((v for c in [described, *mentioned] if (v := match_case(service, c).value)), None)
        # The family's situation ("不够15年 … 把钱退出来": 缴费不足) before the classifier's reading.
        found = found or situation_case(journeys, service.id, message, earlier)
        found = found or titled_case(service, message) or described_case(service, cases)
        found = found or event_case(journeys, service.id, message, earlier)
        if not found and service.id != state.service:
            found = case_told_before(kb, service, told_before, cases_before)
        apply_told_case(new, service, found, cases)
    # "要带什么材料" is answered by the materials card, whatever else the message says.
    plain_materials = any(p.question == "materials" and not p.vague for p in parts)
    plain = any(not p.vague for p in parts)
    # The words that told the case ask nothing.
    beyond_case = without_case_words(message, service, found) if service else message
    if not several and not plain_materials and asks_a_detail(beyond_case, plain, case_told=bool(found)):
        # "单位要提前多久申请", "发票丢了咋办": no field answers it; the guide's sentences
        # of the service (once chosen, if it is still to choose) may.
        new.detail = (without_names(kb, service, message) if service else message).key.strip()
    if service and asks_to_get_it_done(message, parts) and not answered_by_a_sentence(service, new.detail):
        # "人没了 这钱能退给家里不": no sentence of the guide says more than its card.
        new.detail = None
        new.question = "materials" if new.question == "conditions" else new.question
    new.district = find_district(kb, message, entities) or state.district
    if service and several:
        _read_several(kb, resolver, new, service, parts, rankings)
    elif service and parts and not new.detail:
        # "要啥材料？社保卡找不着了咋整": the card, and the guide's sentence beside it.
        new.more_questions = details_beside(kb, new, service, parts[0], plain=True)
        if not new.more_questions and _case_to_ask(service, new):
            # "一年多没认证 养老金停了 要啥": while the case is asked, the sentence that tells the story.
            new.more_questions = story_beside(kb, service, message)
    return new


def _read_only(resolution: Resolution, service: Service) -> bool:
    """True if only the service classifier reads the message as this service."""
    return all(c.source == "classifier" for c in resolution.candidates if c.service.id == service.id)


def _faint_elsewhere(kb: KnowledgeBase, resolution: Resolution, current: Service, chosen: object) -> bool:
    """True if the service chosen is only the classifier's faint reading of a
    service of another field (no topic shared) than the one discussed."""
    topics = {c.id: set(c.topics) for c in kb.categories}
    best = resolution.best
    return (
        isinstance(chosen, Service)
        and not topics[chosen.category] & topics[current.category]
        and best is not None
        and best.service.id == chosen.id
        and best.source == "classifier"
        and best.score < SWITCH_AWAY_SCORE
    )


def _steps_read(
    kb: KnowledgeBase,
    event: Optional[LifeEvent],
    ranking: Sequence[Tuple[str, float]],
    cases: Sequence[Tuple[str, str, float]],
) -> Optional[List[Service]]:
    """The steps of a life event that either classifier ranks, likeliest first, if several."""
    steps = {step.service for step in event.steps} if event else set()
    read: Dict[str, float] = {}
    for service_id, confidence in [*ranking, *((service_id, p) for service_id, _, p in cases)]:
        if service_id in steps:
            read[service_id] = max(read.get(service_id, 0.0), confidence)
    likeliest = sorted(read, key=lambda service_id: -read[service_id])[:MAX_OFFERED]
    return [kb[service_id] for service_id in likeliest] if len(likeliest) > 1 else None


def _faintly_read(kb: KnowledgeBase, ranking: Sequence[Tuple[str, float]]) -> Optional[List[Service]]:
    """The services the classifier reads a question as, below a decision but
    clearly above chance ("俺爹领上厂里的退休金了 村里那个养老还挂着 咋办"):
    asked about, which says more than "没有找到"."""
    if not ranking or ranking[0][1] < FAINT_TOP:
        return None
    read = [kb[service_id] for service_id, p in ranking if p >= FAINT_SCORE and kb.get(service_id)]
    return read[:MAX_OFFERED] or None


def _follows_another(journeys: Journeys, offered: Sequence[str]) -> List[str]:
    """The services offered that usually come after another one offered."""
    return [n for o in offered for n in next_services(journeys, o, None) if n in offered]


def _resolve_part(
    resolver: ServiceResolver, part: Part, rankings: Mapping[str, Sequence[Tuple[str, float]]]
) -> Resolution:
    """The services one question of a message may be about; the classifier's
    reading counts only where the question says more than its question words
    ("电话多少" alone is about the service of the message)."""
    message = UserMessage.read(part.text)
    ranking = rankings.get(part.text, ()) if len(named_words(message)) >= PART_WORDS else ()
    return resolver.resolve(message, ranking=ranking)


def _asks_of_a_service(
    kb: KnowledgeBase, event: LifeEvent, message: UserMessage, parts: Sequence[Part], resolution: Resolution
) -> bool:
    """True if a message that speaks of a life event asks about one service:
    several questions about services it names or clearly describes ("公司要关门了
    1.单位注销要什么条件 2.网上能办不", "父亲去世了，想查他的档案，需要啥手续？电话多少？"),
    or a service the event does not hold ("领伤残津贴的到退休年龄了 工伤这头还要办啥")."""
    if several_questions(parts) and (kb.names_in(message.key) or (not asks_several(message) and _clearly(resolution))):
        return True
    meant = resolution.decided if surely_meant(resolution) else None
    return meant is not None and all(step.service != meant.id for step in event.steps)


def _clearly(resolution: Resolution) -> Optional[Service]:
    """The service a question clearly reaches on its own words."""
    return resolution.decided if resolution.best and resolution.best.score >= PART_SCORE else None


def _only_read_as_a_sibling(resolution: Resolution, before: Service, part: Part) -> bool:
    """True if only the classifier reads a question as a sibling easily mistaken
    for the service before it, and the question uses none of that sibling's words."""
    best = resolution.best
    journeys = get_journeys()
    return bool(
        best
        and best.source == "classifier"
        and easily_mistaken(journeys, best.service.id, before.id)
        and family_move(journeys, before.id, UserMessage.read(part.text)) is None
    )


def _read_several(
    kb: KnowledgeBase,
    resolver: ServiceResolver,
    state: State,
    service: Service,
    parts: Sequence[Part],
    rankings: Mapping[str, Sequence[Tuple[str, float]]],
) -> None:
    """ "在哪办 电话多少", "1、…增员 2、…减员": the first question is answered through the
    form as usual, the others are kept in `more_questions` and answered after it."""
    numbered = numbered_list(parts)
    asked: List[str] = []
    details: List[str] = []  # "火化收据还用交吗": the guide's sentences answer it, beside its card
    plainly: List[str] = []  # those not asked only by "能…吗", "咋办"
    of_item: Dict[int, Service] = {parts[0].item: service}  # the service each item is about
    discussed: List[Service] = [service]  # the services asked about so far, in order
    before = service  # the service of the question before, which a bare one goes on with
    said = [UserMessage.read(part.text) for part in parts]
    for part, words in zip(parts, said, strict=True):
        # Each item of a list may be about another service; so may a clause
        # that clearly names one ("另外居民养老注销又要啥").
        resolution = _resolve_part(resolver, part, rankings)
        if part is not parts[0] and not resolution.decided and _ALL_OF_THEM.search(words.key):
            # "3、这俩分别几个工作日办完": the same question of each service asked about.
            abouts: List[Optional[Service]] = list({s.id: s for s in discussed}.values())
        else:
            abouts = [
                _part_service(
                    resolver, resolution, part, words, numbered, before, of_item, discussed, said, part is parts[0]
                )
            ]
        for about in abouts:
            if about is None:
                continue  # an item that names no service clearly: better unanswered than answered wrong
            of_item.setdefault(part.item, about)  # "3.参保证明在哪打 电话多少": both about it
            before = about  # "…要带啥 上哪办": where to apply for what was just asked about
            discussed.append(about)
            # The same question again of the same service asks what its card does not say
            # ("需要啥 表格得盖公章不").
            again = f"{about.id}|{part.question}" in asked
            asked.append(f"{about.id}|{part.question}")
            if not part.vague:
                plainly.append(asked[-1])
            details += details_beside(kb, state, about, part, plain=not (part.vague or again), again=again)
    # "能退吗，要带什么材料": the plain question leads (its case is asked), the other is answered beside it.
    first = (plainly or asked)[0].split("|")
    if first[0] == service.id and not state.detail:
        state.question = first[1]
    primary = f"{service.id}|{state.question}"
    state.more_questions = [q for q in dict.fromkeys(asked) if q != primary] + list(dict.fromkeys(details))


# A question about every service asked about before it ("这俩分别几天办完").
_ALL_OF_THEM = re.compile(r"这(?:俩|两个?|几个?|些)|两个都|两样都|分别|各自")


def _part_service(
    resolver: ServiceResolver,
    resolution: Resolution,
    part: Part,
    words: UserMessage,
    numbered: bool,
    before: Service,
    of_item: Mapping[int, Service],
    discussed: Sequence[Service],
    said: Sequence[UserMessage],
    first: bool,
) -> Optional[Service]:
    """The service one question of several is about, or None when it is unclear."""
    told_apart = _told_apart(resolver.kb, resolution, words)
    if numbered:
        # "2、几个工作日能办好": an item that names no service goes on with the one before.
        about = resolution.decided or told_apart or of_item.get(part.item)
        if about is None and resolution.candidates:
            return None
    else:
        about = _clearly(resolution) or told_apart
        if about and about is not before and _only_read_as_a_sibling(resolution, before, part):
            about = None  # "正常退休要准备啥 得提前多久申请" is no 提前退休
    if first:
        return about or before
    # "装完花的钱咋报": a word of the family of the service before moves to its
    # sibling, unless the question names another service.
    moved = family_move(get_journeys(), before.id, words, said)
    if moved and not (about and _names(resolution, about)):
        return resolver.kb[moved]
    return about or _named_before(resolver, words, discussed) or before


def _told_apart(kb: KnowledgeBase, resolution: Resolution, words: UserMessage) -> Optional[Service]:
    """Of the services a question fits about equally, the one its family's words
    single out ("1.新成立的公司社保登记咋办": the firm's registration)."""
    if resolution.decided or len(resolution.candidates) < 2:
        return None
    picked = family_pick(get_journeys(), [c.service.id for c in resolution.candidates[:MAX_OFFERED]], words, True)
    # Only the likeliest: a word of a family beside it ("个人账户") does not outweigh the reading.
    return kb[picked] if picked and picked == resolution.candidates[0].service.id else None


def _names(resolution: Resolution, service: Service) -> bool:
    """True if the message names the service (its name, an alias, a button)."""
    return any(c.service.id == service.id and c.source in ("name", "mention") for c in resolution.candidates)


def _named_before(resolver: ServiceResolver, words: UserMessage, discussed: Sequence[Service]) -> Optional[Service]:
    """The service asked about earlier in the message that a question naming no
    service on its own still recalls by a word of its name ("3.注销当天能办完不")."""
    ids = {service.id for service in discussed}
    recalled = [c for c in resolver.by_similarity(words.key, floor=0.0) if c.service.id in ids and c.score > 0]
    return recalled[0].service if recalled else None


def _case_to_ask(service: Service, state: State) -> bool:
    return "case" in needed_details(service, state.question or DEFAULT_QUESTION) and not (
        state.case or state.case_branch
    )


def story_beside(kb: KnowledgeBase, service: Service, message: UserMessage) -> List[str]:
    """A `more_questions` entry for the sentence of the service that closely
    matches what the message tells beyond its question words, if one does
    ("多交的社保怎么退 要什么材料" tells nothing)."""
    words = named_words(without_names(kb, service, message))
    if len(words) <= VAGUE_CHARS:
        return []  # "退费要什么材料": a word or two is no story
    found = get_sentence_index().answering(service.id, words)
    return [f"{service.id}|{DETAIL}|{words}"] if found and found[0].score >= STORY_SCORE else []


def details_beside(
    kb: KnowledgeBase, state: State, service: Service, part: Part, plain: bool, again: bool = False
) -> List[str]:
    """`more_questions` entries ("service|detail|words") for what a question of the
    message, or the questions without a card's words beside it, ask of the guide.
    A question asked `again` of the same card asks what the card leaves open."""
    asking = [(part.text, plain, again), *((clause, False, False) for clause in part.uncued)]
    found = (detail_asked(kb, state, service, UserMessage.read(text), plain, surely) for text, plain, surely in asking)
    return [f"{service.id}|{DETAIL}|{words}" for words in found if words]


def detail_asked(
    kb: KnowledgeBase, state: State, service: Service, question: UserMessage, plain: bool, surely: bool = False
) -> Optional[str]:
    """The words of a question of a message that asks a detail some sentence of
    the service answers ("最晚什么时候之前得报"), as a key; None for any other.
    `plain` when the question also plainly asks a question of a card's type,
    `surely` when it asks a detail whatever its words."""
    message = without_names(kb, service, question)
    told = state.case or state.case_branch
    if service.id == state.service and told and told not in (ALL, NONE):
        message = _blanked(message, case_words(service, told))  # "超过退休年龄" is no deadline
    if not surely and not asks_a_detail(message, plain_question=plain):
        return None
    words = message.key.strip()
    return words if answered_by_a_sentence(service, words) else None


# --- What details_form still needs, and reading the user's answers to it ---


def required_details(kb: KnowledgeBase, state: State) -> List[str]:
    """Slots details_form needs for the question: the service, and the case or
    district where the knowledge base distinguishes them. The form asks only
    for those still empty, and validates any just filled."""
    if state.life_event:
        return []  # the event's services are offered as they are
    if state.detail and state.service:
        return ["service"]  # a sentence of the guide answers it, whatever the case or district
    service = kb.get(state.service)
    return ["service", *needed_details(service, state.question or DEFAULT_QUESTION)] if service else ["service"]


def service_of(kb: KnowledgeBase, state: State) -> Service:
    """The service under discussion: the form asks for a case or district only once it is known."""
    if not state.service:
        raise ValueError("no service under discussion")
    return kb[state.service]


def settle_service(
    kb: KnowledgeBase,
    resolver: ServiceResolver,
    state: State,
    reply: str,
    ranking: Sequence[Tuple[str, float]] = (),
    cases: Sequence[Tuple[str, str, float]] = (),
    said: Optional[UserMessage] = None,
) -> Dict:
    """Slot updates for a reply to "which service?" (button id, number or words);
    `said` is the message that gave it, `ranking` and `cases` the NLU
    classifiers' readings of that message."""
    message = UserMessage.read(reply)
    service = kb.get(reply)
    offered = state.offered_services
    if service and said is not None and offered and service.id not in offered and not names_officially(service, said):
        # An alias found in the reply ("她是村里的 领农保": 领农保 names 待遇申领) gives way
        # to the one offered that the reply's words single out.
        resolution = resolver.resolve(said, ranking=ranking)
        service = pick_offered(kb, resolution, offered, said, cases) or service
    number = ordinal(message)
    if not service and number and number <= len(state.offered_services):
        service = kb.get(state.offered_services[number - 1])
    if not service:
        resolution = resolver.resolve(message, ranking=ranking)
        picked = pick_offered(kb, resolution, state.offered_services, message, cases)
        chosen = picked or choose_service(resolution, current=None)
        if state.offered_services and not picked and not surely_meant(resolution):
            # "还没开始练呢 头一回" after a list: no other service's "恢复"; ask again.
            return _failed(state, {"service": None})
        if isinstance(chosen, list):
            return {"service": None, "offered_services": [s.id for s in chosen], "failed_attempts": 0}
        service = chosen
    if not service:
        return {"service": None}
    updates: Dict[str, object] = {"service": service.id, "offered_services": [], "asked_about": None}
    if service.id != state.service:
        # The case this reply or the first message described is not asked again
        # ("他是水泥厂退休的" both picks the service and tells its case); the
        # reply's, being the later, first ("减员呢 有一个离职的" after "增员…").
        stated = State(service=service.id)
        words = said if said is not None and not said.raw.startswith("/") else None  # not a button
        told = [without_names(kb, service, words)] if words else []
        if state.asked_about:
            told.append(UserMessage.read(state.asked_about))
        found = next((v for m in told if (v := match_case(service, m).value)), None)
        apply_case(stated, service, found or (described_case(service, cases) if words else None))
        updates.update(case=stated.case, case_branch=stated.case_branch)
    return updates


def settle_case(
    kb: KnowledgeBase,
    state: State,
    reply: str,
    cases: Sequence[Tuple[str, str, float]] = (),
    said: Optional[UserMessage] = None,
) -> Dict:
    """Slot updates for a reply to the case question (button id, number or
    description); `cases` is the NLU case classifier's reading of the reply,
    `said` the message that gave it (the reply may be an entity's value)."""
    service = service_of(kb, state)
    asked = pending_cases(service, state.case_branch)
    recorded = State(service=state.service, case_branch=state.case_branch)
    message = UserMessage.read(reply)
    matched = match_case(service, message, asked=asked).value
    if said is not None and not matched:
        # The entity's value ("单位") may say less than the whole reply ("单位当年一次给补了四年").
        matched = match_case(service, said, asked=asked).value
    said = said or message
    sibling = None if matched else family_move(get_journeys(), service.id, said)
    if sibling:
        # "在沈阳 单位给交的" asked which case of a transfer from another province:
        # the sibling is meant, with the case the reply tells of it, if any.
        moved = State(service=sibling)
        apply_case(moved, kb[sibling], match_case(kb[sibling], said).value)
        return {"service": sibling, "case": moved.case, "case_branch": moved.case_branch, "failed_attempts": 0}
    if apply_case(recorded, service, matched or described_case(service, cases)):
        return {"case": recorded.case, "case_branch": recorded.case_branch, "failed_attempts": 0}
    return _failed(state, {"case": None})


def settle_district(kb: KnowledgeBase, state: State, reply: str) -> Dict:
    """Slot updates for a reply to the district question."""
    service = service_of(kb, state)
    districts = [o.district for o in service.offices if o.district]
    if reply == ALL or "全部" in reply:  # the button's value, or the words
        return {"district": ALL, "failed_attempts": 0}
    message = UserMessage.read(reply)
    district = kb.district_named(reply) or find_district(kb, message, ())
    number = ordinal(message)
    if not district and number and number <= len(districts):
        district = districts[number - 1]
    if district in districts:
        return {"district": district, "failed_attempts": 0}
    return _failed(state, {"district": None})


def _failed(state: State, updates: Dict) -> Dict:
    """Count a reply that did not answer; after a few, list every case or district
    instead of asking, or ask for the service in the user's words."""
    attempts = state.failed_attempts + 1
    if attempts > MAX_FAILED_ATTEMPTS and "service" in updates:
        return {"service": None, "offered_services": [], "failed_attempts": 0}  # ask in the user's words
    if attempts > MAX_FAILED_ATTEMPTS and "case" in updates:
        return {"case": ALL, "case_branch": None, "failed_attempts": 0}
    if attempts > MAX_FAILED_ATTEMPTS and "district" in updates:
        return {"district": ALL, "failed_attempts": 0}
    return {**updates, "failed_attempts": attempts}


# --- Questions asked beside the first ---


def answer_beside(kb: KnowledgeBase, state: State, asked: str) -> Answer:
    """The answer to one of `more_questions` ("service|question"): with the
    case and district already told when it is about the same service."""
    service_id, question = asked.split("|")[:2]
    same = service_id == state.service
    return answer(
        kb[service_id],
        question,
        case_id=(state.case or state.case_branch) if same else None,
        district=state.district if same else None,
    )


def answerable_now(kb: KnowledgeBase, state: State) -> Tuple[List[str], List[str]]:
    """`more_questions` split into those answerable while the form still asks a
    detail of the first ("多长时间能出结果" needs no district) and those that wait."""
    now: List[str] = []
    later: List[str] = []
    for asked in state.more_questions:
        service_id, question = asked.split("|")[:2]
        waits = (
            question != DETAIL
            and service_id == state.service
            and any(getattr(state, detail) is None for detail in needed_details(kb[service_id], question))
        )
        (later if waits else now).append(asked)
    return now, later


# --- What the last answer was about ---


def answered_key(state: State) -> str:
    """What an answer is about (service|question|case|district), kept in the `answered` slot."""
    question = state.question or DEFAULT_QUESTION
    return "|".join(str(v) for v in (state.service, question, state.case, state.district))


def denial_changed_nothing(intent: str, state: State, last_answered: Optional[str]) -> bool:
    """A bare "不对" that changed nothing: ask what is wrong rather than repeat the answer."""
    return intent == "deny" and last_answered == answered_key(state)

"""Generates NLU training data and the jieba dictionary from the knowledge base.

    python -m bot.tools.nlu_data          # rewrite the generated files
    python -m bot.tools.nlu_data --check  # exit 1 if they are stale

Generated examples put every name, 简称 and alias of every service, every
district, applicant type, category and case keyword into sentence shapes for
each intent. They are deterministic (fixed seed), so a test can tell when the
knowledge base changed and the files were not regenerated. Hand-written
examples live beside them in data/nlu/.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from bot.core.knowledge import KnowledgeBase, get_knowledge_base
from bot.core.schema import Service
from bot.intents import QUESTION_INTENTS
from bot.nlu_yaml import block_examples, plain_text
from bot.paths import ROOT
from bot.text import normalize_user_text
from bot.tools.tokens import misaligned

NLU_PATH = ROOT / "data" / "nlu" / "generated.yml"
DICTIONARY_PATH = ROOT / "data" / "jieba" / "knowledge_words.txt"
SEED = 20261129

# Synonyms map every mention to the knowledge base: a service mention to the
# service id, a district or applicant type to its name in the knowledge base.
# Words that are also service names are left out of the other entities, so
# no word ever has two synonym values.

# Sentence shapes per question intent; {s} is a service mention.
QUESTION_TEMPLATES: Dict[str, Sequence[str]] = {
    "ask_materials": (
        "{s}需要什么材料",
        "{s}要带什么",
        "办{s}需要准备哪些材料",
        "{s}要提供哪些资料",
        "{s}需要带哪些证件",
        "我想办{s}，要带哪些东西",
        "{s}所需材料有哪些",
        "请问{s}需要什么手续",
        "申请{s}要交什么材料",
        "{s}材料清单",
        "{s}要准备啥",
        "办理{s}都需要什么",
        # "How do I…" asks what to do: the materials first.
        "{s}怎么办",
        "怎么办理{s}",
        "{s}咋办",
        "{s}怎么申请",
        "{s}怎么弄",
    ),
    "ask_conditions": (
        "{s}需要什么条件",
        "什么人可以办{s}",
        "{s}的受理条件是什么",
        "我能办{s}吗",
        "{s}有什么要求",
        "办理{s}要符合什么条件",
        "谁可以申请{s}",
        "{s}的申请条件",
    ),
    "ask_time_limit": (
        "{s}多久能办好",
        "{s}要多长时间",
        "{s}几天能办完",
        "{s}的办理时限是多久",
        "办{s}需要几个工作日",
        "{s}多久出结果",
        "{s}当天能办完吗",
        "{s}要等多少天",
    ),
    "ask_location": (
        "{s}在哪里办",
        "{s}去哪办",
        "{s}的办理地点在哪",
        "到哪里办{s}",
        "{s}在什么地方受理",
        "办{s}去哪个大厅",
        "{s}地址在哪",
        "去哪儿申请{s}",
    ),
    "ask_phone": (
        "{s}的电话是多少",
        "{s}咨询电话",
        "{s}打哪个电话问",
        "办{s}的联系电话",
        "{s}有没有电话可以咨询",
        "{s}电话多少",
    ),
    "ask_feedback": (
        "{s}的结果怎么通知我",
        "{s}办完怎么拿结果",
        "{s}会发短信通知吗",
        "{s}的结果反馈方式",
        "{s}结果能邮寄吗",
        "{s}办好了怎么知道",
    ),
    "ask_online": (
        "{s}能网上办吗",
        "{s}可以在网上办理吗",
        "{s}的网办地址",
        "{s}在哪个网站办",
        "{s}能不能线上办",
        "手机上能办{s}吗",
        "{s}不用跑腿能办吗",
    ),
    "ask_overview": (
        "{s}",
        "介绍一下{s}",
        "{s}是什么业务",
        "{s}的办事指南",
        "{s}是干什么的",
        "想了解一下{s}",
        "简单说说{s}",
    ),
}
# How many mentions of each service each intent gets (materials is asked most).
MENTIONS_PER_INTENT = {"ask_materials": 4, "ask_overview": 3}
MENTIONS_DEFAULT = 2

CATEGORY_TEMPLATES = (
    "{c}有哪些业务",
    "{c}方面能办什么",
    "{c}都能办哪些事",
    "关于{c}有什么服务",
    "{c}相关的业务有哪些",
    "你们{c}能办啥",
)
CASE_TEMPLATES = (
    "{k}",
    "是{k}",
    "我是{k}的情况",
    "属于{k}",
    "{k}的",
    "我们是{k}",
    "{k}了",
    "因为{k}",
    "{k}的那种",
    "是{k}吧",
    "情况是{k}",
)
DISTRICT_TEMPLATES = ("我在{d}", "{d}", "在{d}办", "我是{d}的", "{d}的", "我们在{d}")
DISTRICT_QUESTION_TEMPLATES = (
    ("ask_location", "{d}的{s}在哪办"),
    ("ask_phone", "{d}{s}的电话是多少"),
    ("ask_location", "我在{d}，{s}去哪办"),
)
APPLICANT_TEMPLATES = (
    ("ask_materials", "我是{a}，{s}需要什么材料"),
    ("ask_conditions", "{a}能办{s}吗"),
    ("ask_materials", "{a}怎么办{s}"),
)


Part = Tuple[str, Optional[str], Optional[str]]  # (text, entity or None, synonym value)


def _part(text: str, entity: Optional[str] = None, value: Optional[str] = None) -> Part:
    return (normalize_user_text(text), entity, value)


def _fill(template: str, **slots: Part) -> List[Part]:
    """A template such as "{s}要多久" with its placeholders replaced by entity parts."""
    pieces = re.split(r"\{(\w)\}", template)
    parts = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append(slots[piece])
        elif piece:
            parts.append(_part(piece))
    return parts


def _markup(parts: Sequence[Part]) -> str:
    out = []
    for text, entity, value in parts:
        if entity is None:
            out.append(text)
        elif value is None or value == text:
            out.append(f"[{text}]({entity})")
        else:
            out.append(f'[{text}]{{"entity": "{entity}", "value": "{value}"}}')
    return "".join(out)


def is_aligned(parts: Sequence[Part]) -> bool:
    """True if every entity starts and ends on a jieba token boundary."""
    spans, offset = [], 0
    for text, entity, _ in parts:
        if entity:
            spans.append((offset, offset + len(text)))
        offset += len(text)
    return not misaligned("".join(text for text, _, _ in parts), spans)


def _aligned_example(rng: random.Random, templates: Sequence[str], **slots: Part) -> Optional[str]:
    """An example from a randomly chosen template, or the next one whose
    segmentation keeps the entities whole (DIET drops misaligned ones)."""
    first = rng.randrange(len(templates))
    for shift in range(len(templates)):
        parts = _fill(templates[(first + shift) % len(templates)], **slots)
        if is_aligned(parts):
            return _markup(parts)
    return None


def service_mentions(kb: KnowledgeBase, service: Service) -> List[str]:
    return KnowledgeBase.names_of(service)


def _service_part(kb: KnowledgeBase, mention: str, service: Service) -> Part:
    # Synonyms map a mention to one id; a name shared by two services (one
    # official title) stays as written and the assistant asks which is meant.
    shared = len(kb.lookup(mention)) > 1
    return _part(mention, "service", None if shared else service.id)


def _is_service_name(kb: KnowledgeBase, word: str) -> bool:
    # A service name carries a synonym value; tagging it as another entity
    # would have the synonym mapper turn that entity into a service id.
    return bool(kb.lookup(word))


def _questions(kb: KnowledgeBase, rng: random.Random) -> Dict[str, List[str]]:
    examples: Dict[str, List[str]] = {intent: [] for intent in QUESTION_INTENTS}
    for service in kb.services:
        mentions = service_mentions(kb, service)
        for intent in QUESTION_INTENTS:
            templates = QUESTION_TEMPLATES[intent]
            count = MENTIONS_PER_INTENT.get(intent, MENTIONS_DEFAULT)
            chosen = [mentions[0]] + rng.sample(mentions[1:], min(count - 1, len(mentions) - 1))
            for mention in chosen:
                example = _aligned_example(rng, templates, s=_service_part(kb, mention, service))
                if example:
                    examples[intent].append(example)
    return examples


def _with_qualifier(
    kb: KnowledgeBase,
    rng: random.Random,
    entity: str,
    slot: str,
    templates: Sequence[Tuple[str, str]],
    qualifiers: Sequence[Tuple[str, List[str], List[Service]]],
) -> List[Tuple[str, str]]:
    """Questions that name a service and a qualifier (a district, an applicant type).

    `qualifiers`: (canonical value, words for it, services it goes with).
    """
    pairs = []
    for value, words, services in qualifiers:
        for word in words:
            service = rng.choice(services)
            intent, template = rng.choice(templates)
            mention = rng.choice(service_mentions(kb, service))
            parts = {slot: _part(word, entity, value), "s": _service_part(kb, mention, service)}
            example = _aligned_example(rng, [template], **parts)
            if example:
                pairs.append((intent, example))
    return pairs


def _with_districts(kb: KnowledgeBase, rng: random.Random) -> List[Tuple[str, str]]:
    district_services = [s for s in kb.services if s.has_district_offices]
    qualifiers = [(d.name, [d.name, *d.synonyms[:2]], district_services) for d in kb.districts]
    return _with_qualifier(kb, rng, "district", "d", DISTRICT_QUESTION_TEMPLATES, qualifiers)


def _with_applicants(kb: KnowledgeBase, rng: random.Random) -> List[Tuple[str, str]]:
    qualifiers = []
    for applicant in kb.applicant_types:
        services = [s for s in kb.services if applicant.name in s.audience] or kb.services
        words = [w for w in [applicant.name, *applicant.synonyms] if not _is_service_name(kb, w)]
        qualifiers.append((applicant.name, words[:3], services))
    return _with_qualifier(kb, rng, "applicant_type", "a", APPLICANT_TEMPLATES, qualifiers)


def _vocabulary_words(kb: KnowledgeBase) -> set:
    return {
        normalize_user_text(word)
        for vocabulary in (kb.districts, kb.applicant_types)
        for item in vocabulary
        for word in [item.name, *item.synonyms]
    }


def _choices(kb: KnowledgeBase, rng: random.Random) -> List[str]:
    examples = []
    vocabulary = _vocabulary_words(kb)
    for service in kb.case_services():
        for option in service.case_options:
            keywords = [
                k for k in option.keywords if not _is_service_name(kb, k) and normalize_user_text(k) not in vocabulary
            ]
            for keyword in keywords[:2]:
                example = _aligned_example(rng, CASE_TEMPLATES, k=_part(keyword, "case"))
                if example:
                    examples.append(example)
    return examples


def _districts(kb: KnowledgeBase, rng: random.Random) -> List[str]:
    examples = []
    for district in kb.districts:
        for word in [district.name, *district.synonyms[:3]]:
            example = _aligned_example(rng, DISTRICT_TEMPLATES, d=_part(word, "district", district.name))
            if example:
                examples.append(example)
    return examples


def _categories(kb: KnowledgeBase, rng: random.Random) -> List[str]:
    examples = []
    topics = sorted({topic for category in kb.categories for topic in category.topics})
    words = list(topics)
    for category in kb.categories:
        words += [category.name, *category.synonyms[:2]]
    for word in [w for w in words if not _is_service_name(kb, w)]:
        for _ in range(2):
            example = _aligned_example(rng, CATEGORY_TEMPLATES, c=_part(word, "category"))
            if example:
                examples.append(example)
    return examples


def _unique(items: Iterable[str]) -> List[str]:
    return list(dict.fromkeys(items))


def handwritten_texts() -> set:
    """Plain texts of the hand-written examples, which generated ones must not repeat
    (the same text under two intents is a contradiction)."""
    import yaml

    texts: Set[str] = set()
    for path in NLU_PATH.parent.glob("*.yml"):
        if path == NLU_PATH:
            continue
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            texts.update(plain_text(example) for example in block_examples(block))
    return texts


def build_nlu(kb: KnowledgeBase) -> str:
    rng = random.Random(SEED)
    intents = _questions(kb, rng)
    for intent, example in _with_districts(kb, rng) + _with_applicants(kb, rng):
        intents[intent].append(example)
    intents["choose"] = _choices(kb, rng)
    intents["inform"] = _districts(kb, rng)
    intents["list_services"] = _categories(kb, rng)
    lines = [
        "# Generated by `python -m bot.tools.nlu_data` from knowledge/services.yml. Do not edit.",
        'version: "3.1"',
        "nlu:",
    ]
    taken = handwritten_texts()
    for intent, examples in intents.items():
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines += [f"    - {example}" for example in _unique(examples) if plain_text(example) not in taken]
    return "\n".join(lines) + "\n"


def dictionary_words(kb: KnowledgeBase) -> List[str]:
    """Every word the assistant must see as one token."""
    words: List[str] = []
    for service in kb.services:
        words += service_mentions(kb, service)
        for option in service.case_options:
            words += option.keywords
    for vocabulary in (kb.districts, kb.applicant_types, kb.categories):
        for item in vocabulary:
            words += [item.name, *item.synonyms]
    words += [topic for category in kb.categories for topic in category.topics]
    return sorted({normalize_user_text(w) for w in words if w and " " not in w})


def build_dictionary(kb: KnowledgeBase) -> str:
    # A high frequency makes jieba keep each word whole, so entity
    # annotations line up with token boundaries. jieba reads every line as a
    # word, so the file carries no header comment.
    return "".join(f"{word} 100000\n" for word in dictionary_words(kb))


def stale_files(kb: KnowledgeBase) -> List[Path]:
    """Generated files that differ from what the knowledge base gives now."""
    stale = []
    if not DICTIONARY_PATH.exists() or DICTIONARY_PATH.read_text(encoding="utf-8") != build_dictionary(kb):
        stale.append(DICTIONARY_PATH)
    # Alignment is checked against the dictionary on disk: compare the examples
    # only once the dictionary itself is current.
    if stale or not NLU_PATH.exists() or NLU_PATH.read_text(encoding="utf-8") != build_nlu(kb):
        stale.append(NLU_PATH)
    return stale


def write_all(kb: KnowledgeBase) -> None:
    from bot.tools import tokens

    DICTIONARY_PATH.parent.mkdir(parents=True, exist_ok=True)
    DICTIONARY_PATH.write_text(build_dictionary(kb), encoding="utf-8")
    tokens.reload()
    NLU_PATH.write_text(build_nlu(kb), encoding="utf-8")
    for path in (DICTIONARY_PATH, NLU_PATH):
        print(f"wrote {path.relative_to(ROOT)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if generated files are stale")
    args = parser.parse_args(argv)
    kb = get_knowledge_base()
    if args.check:
        stale = stale_files(kb)
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} (run: python -m bot.tools.nlu_data)")
        return 1 if stale else 0
    write_all(kb)
    return 0


if __name__ == "__main__":
    sys.exit(main())

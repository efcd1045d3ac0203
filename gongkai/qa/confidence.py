"""When an answer may be shown as *the* answer (``confident``), and when it may not.

A high combined score is not enough: “公证书丢了怎么办” scored 0.92 against the FAQ
“觉得公证书有错误怎么办?” (same words, another question), and “对行政复议决定不服怎么办”
0.71 against an FAQ on legal aid whose answer happens to mention 行政复议. A confident
answer must be right, or not confident; so the best candidate must also be *about* the
question, in one of two ways:

- it says the same thing in other words: its semantic similarity to the question (for
  an FAQ, its best phrasing's) is at least ``SURE_SEMANTIC``; or
- it covers every key term of the question (the words left after question words such
  as 怎么、什么、吗 and light words such as 给、做、说; a synonym from the search
  vocabulary counts, and a word of two characters or more sharing a character with one
  of the candidate's words, since citizens say 写错 where the FAQ says 有错误) and is not
  semantically unrelated (similarity at least ``MIN_SEMANTIC``).

A single-character word must be there as a word: it is usually the question's verb
(查、丢), the part a near-miss answer lacks. The thresholds were read off
bench/qa_quality.py's development set (docs/qa.md has the calibration): confident
answers fell from 66 % to 30 % of the questions while their precision rose from 79 % to
90 %; the wrong confident answers of issue 14 pass neither way. Where the rule says no,
the page shows the candidates as search results and the question goes to the staff
queue, as for any unconfident answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.search import text

SURE_SEMANTIC = 0.85
MIN_SEMANTIC = 0.6

# Words that shape a question but say nothing about its subject (on top of the search's
# stopwords): a candidate need not contain them.
QUESTION_WORDS = text.STOPWORDS | frozenset(
    "怎么办 怎么样 咋 咋办 为什么 为何 有没有 是不是 能不能 可不可以 要不要 会不会 多少 多久 多长 "
    "多长时间 几 几天 一般 个 吗 呢 呀 嘛 了 过 着 该 应该 去 找 想 还 就 都 也 又 再 得 地 谁 "
    "请 您 本人 自己 现在 已经 如果 的话 时候 时 办 可 能够 得到 知道 问 问题 不能 不 没 没有 "
    "给 做 说 让 上 下 里 后 前 比 刚 完 一次 一个 大概 以后 之后 之前 看 看看 某个 帮 帮忙 人 别人 "
    "由 归 定 交 拿到 处理 情况 怎么回事".split()
)


@dataclass(frozen=True)
class Verdict:
    confident: bool
    reason: str
    missing: tuple[str, ...] = ()


def key_terms(question: str) -> list[tuple[str, str]]:
    """The question's content words, each with the word before it (a one-character word
    is often the end of a compound the segmenter split: 执业 / 证)."""
    tokens = text.segment(question)
    out: list[tuple[str, str]] = []
    for i, token in enumerate(tokens):
        if token in QUESTION_WORDS or token.isdigit():
            continue
        out.append((token, tokens[i - 1] if i else ""))
    return out


def _variants(term: str) -> set[str]:
    found = {term}
    for group in text.synonym_groups():
        if term in group:
            found.update(group)
    return found


def missing_terms(question: str, candidate_text: str) -> list[str]:
    """Key terms of ``question`` that ``candidate_text`` does not contain. A word of two
    or more characters is looked for as a substring; a single character as a word of its
    own in the candidate's segmentation, or joined to the word before it (so 查 is not
    found inside 审查, but 证 is found in 执业证)."""
    haystack = text.clean(candidate_text).lower()
    words = set(text.segment_for_index(haystack))
    missing = []
    for term, previous in key_terms(question):
        if any(_found(v, previous, haystack, words) for v in _variants(term)):
            continue
        missing.append(term)
    return missing


def _found(term: str, previous: str, haystack: str, words: set[str]) -> bool:
    if len(term) >= 2:
        # Citizens' words are rarely the statute's: 写错 for 有错误, 到期 for 期满, 律师费
        # for 律师. A word sharing a character with a word of the candidate counts.
        return term in haystack or any(ch in word for ch in term for word in words
                                       if len(word) >= 2)
    return term in words or bool(previous and previous + term in haystack)


def judge(question: str, *, score: float, semantic: float, candidate_text: str,
          threshold: float, reranked: bool = True) -> Verdict:
    """The verdict on the best candidate. Without reranking (no semantic score) only the
    coverage rule can vouch for it."""
    if score < threshold:
        return Verdict(False, "score")
    if reranked and semantic >= SURE_SEMANTIC:
        return Verdict(True, "same meaning")
    missing = tuple(missing_terms(question, candidate_text))
    if missing:
        return Verdict(False, "key terms missing", missing)
    if reranked and semantic < MIN_SEMANTIC:
        return Verdict(False, "unrelated meaning")
    return Verdict(True, "covers the question")

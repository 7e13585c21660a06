"""What a resident's message is checked for before the step they are at sees it: one test per
interceptor of ``handlers/routing.py``, in their order, each showing what it takes and what it
leaves to the next."""
from __future__ import annotations

from sqlalchemy import select

from handlers.catalog import t
from handlers.routing import INTERCEPTORS
from harness import DESCRIPTION, file_pothole_report
from models import Case, Message, utcnow


def test_the_interceptors_go_in_this_order():
    assert [intercept.__name__ for intercept in INTERCEPTORS] == [
        "fix_tap", "old_tap", "tapped_answer", "tagged_reply", "status_lookup", "support_typed", "global_word",
        "rating_given", "swipe_reply", "typed_fix_answer", "plain_text_to_a_case"]


def test_support_typed_is_taken_before_the_words_that_work_everywhere(conversation):
    """``batal dukung ASP-00001`` starts with ``batal``, but drops no report: it is a support's."""
    at_the_description(conversation)
    conversation.send("batal dukung ASP-00001")
    not_found, asked_again = conversation.replies()[-2:]
    assert "ASP-00001 tidak ditemukan" in not_found and "Ceritakan masalahnya" in asked_again
    assert conversation.state == "description"


def at_the_description(conversation) -> None:
    conversation.send("lapor")
    conversation.send("1")
    conversation.replies()


def with_a_resolved_case(conversation) -> Case:
    """The resident's pothole report, resolved by its office and asked "is it fixed?"."""
    file_pothole_report(conversation)
    with conversation.session() as session:
        case = session.scalars(select(Case)).one()
        case.status, case.fix_asked_at = "resolved", utcnow()
        session.commit()
    conversation.replies()
    return conversation.only_case()


def test_fix_tap_with_no_case_awaiting_an_answer_is_an_old_tap(conversation):
    conversation.send("halo")
    conversation.replies()
    conversation.send("Sudah beres", ButtonText="Sudah beres", ButtonPayload="fixed:ya", MessageType="button")
    assert conversation.replies() == [t("old_tap"), t("menu")]


def test_fix_tap_answers_the_case_asked_last(conversation):
    case = with_a_resolved_case(conversation)
    conversation.send("Sudah beres", ButtonText="Sudah beres", ButtonPayload="fixed:ya", MessageType="button")
    assert conversation.case(case.ref).status == "closed" and conversation.state == "rating"


def test_old_tap_of_an_earlier_question_answers_nothing_and_asks_the_question_now(conversation):
    at_the_description(conversation)
    conversation.send("Kirim", ButtonText="Kirim", ButtonPayload="confirm:ya", MessageType="button")
    old, question = conversation.replies()
    assert old == t("old_tap") and "Ceritakan masalahnya" in question
    assert conversation.state == "description"


def test_tapped_answer_goes_to_its_step(conversation):
    conversation.send("lapor")
    conversation.send("Jalan rusak", ListId="category:jalan", ListTitle="Jalan rusak", MessageType="interactive")
    assert conversation.state == "description" and conversation.draft["category"] == "Jalan rusak"


def test_tapped_answer_is_never_read_as_a_word_that_works_everywhere(conversation):
    """A category coded ``batal`` is a category, not "cancel the report"."""
    conversation.send("lapor")
    conversation.replies()
    conversation.send("Batal", ListId="category:batal", ListTitle="Batal", MessageType="interactive")
    assert conversation.state == "category" and "kategori itu tidak ada" in conversation.replies()[0]


def test_tagged_reply_to_a_case_not_theirs_is_not_found_and_keeps_the_step(conversation):
    at_the_description(conversation)
    conversation.send("#LPR-00099 apakah sudah dikerjakan?")
    assert conversation.replies() == [t("status_not_found", ref="LPR-00099", example="LPR-00042")]
    assert conversation.state == "description"


def test_tagged_reply_to_an_open_case_goes_to_its_officials(conversation):
    file_pothole_report(conversation)
    conversation.replies()
    before = len(conversation.messages(direction="out"))
    conversation.send("#LPR-00001 lubangnya makin besar")
    relayed = conversation.messages(direction="out")[before:]
    assert any("lubangnya makin besar" in message.body and message.official_id for message in relayed)


def test_status_lookup_mid_report_answers_then_asks_the_question_again(conversation):
    at_the_description(conversation)
    conversation.send("status")
    listed, question = conversation.replies()
    assert "Ceritakan masalahnya" in question and "Ceritakan masalahnya" not in listed
    assert conversation.state == "description"


def test_global_word_works_at_any_step(conversation):
    at_the_description(conversation)
    conversation.send("bahasa")
    switched, question = conversation.replies()
    assert switched == t("language_set", "en") and conversation.state == "description"


def test_rating_given_while_it_is_asked(conversation):
    case = with_a_resolved_case(conversation)
    conversation.send("ya")
    conversation.replies()
    conversation.send("5")
    assert conversation.case(case.ref).rating == 5 and conversation.state == "menu"


def test_a_number_once_the_rating_is_no_longer_asked_is_the_menu_again(conversation):
    with_a_resolved_case(conversation)
    conversation.send("ya")
    conversation.later(hours=2)
    conversation.send("1")
    assert conversation.state == "category"


def test_swipe_reply_on_a_message_about_their_case_goes_to_its_officials(conversation):
    file_pothole_report(conversation)
    conversation.replies()
    with conversation.session() as session:  # as if Twilio had sent it: swipe-replies name its sid
        created = session.scalars(select(Message).where(
            Message.body.contains("LPR-00001"), Message.direction == "out", Message.official_id.is_(None))).first()
        created.sid = "SM" + "1" * 32
        session.commit()
    before = len(conversation.messages(direction="out"))
    conversation.send("ada tambahan: dua lubang lagi", OriginalRepliedMessageSid="SM" + "1" * 32)
    relayed = conversation.messages(direction="out")[before:]
    assert any("dua lubang lagi" in message.body and message.official_id for message in relayed)


def test_swipe_reply_on_a_message_about_no_case_of_theirs_is_left_to_the_step(conversation):
    at_the_description(conversation)
    conversation.send(DESCRIPTION, OriginalRepliedMessageSid="SM" + "2" * 32)
    assert conversation.state == "location"


def test_typed_fix_answer_at_the_menu_reopens_the_case(conversation):
    case = with_a_resolved_case(conversation)
    conversation.send("belum, masih berlubang")
    assert conversation.case(case.ref).status == "open" and conversation.state == "menu"


def test_ya_at_a_reports_summary_is_the_summarys_not_the_fix_question(conversation):
    case = with_a_resolved_case(conversation)
    conversation.send("lapor")
    conversation.send("1")
    conversation.send(DESCRIPTION)
    conversation.send("Jl. Merdeka No. 1, Bandung")
    conversation.send_media(caption="")
    conversation.send("selesai")
    conversation.send("ya")
    assert conversation.case(case.ref).status == "resolved"  # still asked
    with conversation.session() as session:
        assert len(session.scalars(select(Case)).all()) == 2

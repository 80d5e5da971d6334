from __future__ import annotations

from claimmap.match.text import (
    clean_query,
    entity_words,
    mentions_media,
    numbers,
    query_sentences,
    signature_authors,
    terms,
    word_set,
    years,
)


def test_text_clean_query_drops_links_and_signature_keeps_author() -> None:
    tweet = ("The US drone attack on #Soleimani caught on camera.#IranUsapic.twitter.com/TvRk — "
             "Olaudah Equiano (@RealOlaudah) January 6, 2020")
    assert clean_query(tweet) == ("The US drone attack on Soleimani caught on camera.Iran Usa "
                                  "Olaudah Equiano")
    assert clean_query(tweet, keep_author=False).endswith("Iran Usa")
    assert clean_query("See https://t.co/abc and @BBCNews now") == "See and BBC News now"
    sentence = "Unemployment fell to 4.2 percent, the minister said."
    assert clean_query(sentence) == sentence


def test_text_terms_numbers_entities() -> None:
    assert terms("The vaccines were claimed to be tested") == ["vaccin", "claim", "test"]
    assert numbers("In 2019, 1,200 people; 4.20 percent and 1200 more") == {"2019", "1200",
                                                                           "4.2"}
    assert entity_words("The U.S. Army and President Obama said NATO would") == {
        "us", "army", "president", "obama", "nato"}
    assert {"us", "army", "12"} <= word_set("the U.S. Army, 12 dead")


def test_text_clean_query_removes_inner_signatures_and_emoji() -> None:
    quoted = ("Shame on you 🇺🇸🔥 — Ana Ruiz (@anaruiz) July 2, 2019 Here is the clip "
              "— Tom Lee (@tomlee) July 3, 2019")
    assert clean_query(quoted) == "Shame on you Here is the clip Ana Ruiz Tom Lee"
    assert clean_query(quoted, keep_author=False) == "Shame on you Here is the clip"
    assert signature_authors(quoted) == ["Ana Ruiz", "Tom Lee"]
    assert signature_authors("No signature here.") == []


def test_text_years_reads_text_and_signature_dates() -> None:
    assert years("Crowds in June 2019 — Ana (@ana) June 4, 2018") == {"2019", "2018"}
    assert years("There were 1200 people and 12 cars.") == set()


def test_text_mentions_media_query_and_fact_check_sides() -> None:
    assert mentions_media("Look pic.twitter.com/abc", query=True)
    assert mentions_media("A photograph shows a flood.", query=False)
    assert not mentions_media("Obama gave Syria 195 million dollars.", query=False)
    assert not mentions_media("Unemployment fell to 4.2 percent.", query=True)


def test_text_query_sentences_keeps_pieces_of_three_words_or_more() -> None:
    text = "Wow. The mayor sold the harbour to Nordhaven Lines! True? Read the full story now"
    assert query_sentences(text) == ["The mayor sold the harbour to Nordhaven Lines!",
                                     "Read the full story now"]
    assert query_sentences("The port authority says the strike is paid for.") == \
        ["The port authority says the strike is paid for."]
    assert query_sentences("Wow.") == ["Wow."]

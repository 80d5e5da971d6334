from __future__ import annotations

from claimmap.match.text import clean_query, entity_words, numbers, terms, word_set


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

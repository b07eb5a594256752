"""The site's one Pelican plugin: every handler, connected in the order it runs.

Pelican calls each signal's handlers in the order they were connected, so the
order below is the order of the build. Each module owns one concern; this file
only wires them.
"""

from __future__ import annotations

from pelican import signals

from olea import (
    allowlist,
    citations,
    clinic,
    figures,
    frontmatter,
    i18n,
    incremental,
    links,
    photos,
    quality,
    reader,
    regions,
    search,
    seo,
    share,
    strict,
    structure,
    templates,
    urgency,
)


def register() -> None:
    # Reading: the site's reader typogrifies and keeps what reading a file raised, both
    # in the content cache, so every build has them.
    signals.readers_init.connect(reader.use_site_reader)

    # Start of a build.
    signals.initialized.connect(templates.fresh_macros)  # components edited since last build
    signals.initialized.connect(regions.set_defaults)  # region URLs, for templates and sitemap
    signals.initialized.connect(quality.forget_cache)  # each build starts from its own cache
    signals.initialized.connect(urgency.read)  # the warning signs, checked
    signals.initialized.connect(clinic.read)  # the clinic's statements and what is confirmed
    signals.initialized.connect(photos.start_build)  # the photos' state, fresh
    signals.generator_init.connect(templates.add_to_templates)  # filters, globals, inline CSS
    signals.generator_init.connect(incremental.cache_templates)  # compiled templates kept

    # Each article and page, as Pelican creates it (every build, cache or not).
    signals.content_object_init.connect(strict.replay)  # warnings raised while reading it
    signals.content_object_init.connect(allowlist.check)  # the author's HTML, before ours joins
    signals.content_object_init.connect(figures.inline_diagrams)  # before structure sees <img>
    # Photos: after the allowlist (an author cannot write <picture>, so every one is
    # ours), before structure, which leaves what is in a <picture> to this.
    signals.content_object_init.connect(photos.place_photos)
    signals.content_object_init.connect(frontmatter.check_and_parse)  # regions, references
    # The author's own words, before the site adds its boxes: needs next_review.
    signals.content_object_init.connect(quality.check_health_rules)
    signals.content_object_init.connect(urgency.expand)  # {warning-signs}: after references
    signals.content_object_init.connect(clinic.expand)  # {clinic:KEY}: shown once confirmed
    signals.content_object_init.connect(citations.number_citations)  # [@key]: after the signs
    signals.content_object_init.connect(structure.check_structure)
    signals.content_object_init.connect(structure.attach_local_images)  # after the check

    # Static files found: a photo's original is never published (its copies are).
    signals.static_generator_finalized.connect(photos.keep_originals_out)

    # All articles read.
    signals.article_generator_finalized.connect(templates.link_neighbours)
    signals.article_generator_finalized.connect(regions.collect)
    signals.article_generator_finalized.connect(search.note_articles)

    # All content read: the checks that compare pages, then what writing needs.
    # (olea.build stops here, before any page is written, if anything was reported.)
    signals.all_generators_finalized.connect(frontmatter.check_unique)
    signals.all_generators_finalized.connect(i18n.check_labels)  # a sub-site's topic/tag names
    signals.all_generators_finalized.connect(links.check_links)
    signals.all_generators_finalized.connect(photos.finish_copies)  # a bad photo stops here
    signals.all_generators_finalized.connect(seo.collect)
    signals.all_generators_finalized.connect(incremental.fingerprint_site)

    # Writing.
    signals.get_writer.connect(incremental.choose_writer)  # skips pages that did not change
    signals.article_writer_finalized.connect(regions.write)
    signals.content_written.connect(search.start_after_articles)

    # End of a build.
    signals.finalized.connect(quality.save_cache)
    signals.finalized.connect(incremental.save_fingerprints)
    signals.finalized.connect(seo.write)
    signals.finalized.connect(share.write_image)
    signals.finalized.connect(photos.publish_copies)  # only for pages that were written
    signals.finalized.connect(search.finish)

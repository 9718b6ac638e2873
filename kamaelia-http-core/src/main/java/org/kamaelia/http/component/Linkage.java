package org.kamaelia.http.component;

/**
 * A joining of two boxes: an outbox to an inbox (a link), an outer inbox to an inner inbox, or an
 * inner outbox to an outer outbox (both passthroughs of a composite component).
 *
 * @param from the box messages come from
 * @param to the box messages go to
 * @param kind which of the three joinings this is
 */
public record Linkage(Box from, Box to, Kind kind) {

    /** The three ways two boxes can be joined, as in Axon. */
    public enum Kind {
        /** An outbox to an inbox. */
        LINK,
        /** A composite's own inbox forwarded into a child's inbox. */
        INBOX_PASSTHROUGH,
        /** A child's outbox forwarded out of a composite's own outbox. */
        OUTBOX_PASSTHROUGH
    }
}

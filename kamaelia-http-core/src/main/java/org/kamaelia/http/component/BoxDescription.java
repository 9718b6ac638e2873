package org.kamaelia.http.component;

/**
 * A plain-data picture of one box: what it is called, which way it faces, what it carries and how full it is.
 *
 * @param name the box's name
 * @param direction {@code in} for an inbox, {@code out} for an outbox
 * @param description one line saying what flows through the box
 * @param queued messages waiting in an inbox (0 for an outbox)
 * @param weight the inbox's fill by its weigher (0 for an outbox)
 * @param capacity the inbox's high mark (0 for an outbox)
 * @param full whether the inbox's weight has reached its high mark, so producers linked to it wait for room
 *     (backpressure); {@code false} for an outbox
 */
public record BoxDescription(
        String name, String direction, String description, int queued, long weight, long capacity, boolean full) {

    static BoxDescription of(Box box) {
        if (box instanceof Inbox<?> inbox) {
            return new BoxDescription(
                    box.name(),
                    "in",
                    box.description(),
                    inbox.size(),
                    inbox.weight(),
                    inbox.capacity(),
                    inbox.isFull());
        }
        return new BoxDescription(box.name(), "out", box.description(), 0, 0, 0, false);
    }
}

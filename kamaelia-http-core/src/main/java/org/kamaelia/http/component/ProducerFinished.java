package org.kamaelia.http.component;

/**
 * Says "I have produced everything I will produce": a clean end, after which the receiver should
 * finish what is queued and then end too (Axon's {@code producerFinished}).
 */
public record ProducerFinished() implements Signal {
    /** The one instance; the signal carries no data. */
    public static final ProducerFinished INSTANCE = new ProducerFinished();
}

package org.kamaelia.http.observe;

import java.util.Locale;

/** Which deadline passed. */
public enum TimeoutKind {
    /** The request head did not arrive in time (a slow or silent client). */
    HEADER,
    /** A keep-alive connection stayed idle too long. */
    IDLE,
    /** The request body stopped arriving. */
    BODY,
    /** Queued output made no progress (a client that stopped reading). */
    WRITE,
    /** The request body arrived more slowly than the minimum request body rate. */
    BODY_RATE,
    /** Queued output was taken more slowly than the minimum response rate (a client that reads a trickle). */
    RESPONSE_RATE;

    /** The lower-case, dash-separated name used in metrics tags. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

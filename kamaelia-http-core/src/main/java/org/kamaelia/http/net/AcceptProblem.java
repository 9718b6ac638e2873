package org.kamaelia.http.net;

import java.util.Locale;

/** Why a server could not take a new connection when one was waiting; reported to listeners and counted. */
public enum AcceptProblem {
    /** The process (or the system) ran out of file descriptors: accepting backs off and tries again shortly. */
    DESCRIPTORS_EXHAUSTED,
    /** The server holds its maximum number of connections: new ones wait in the backlog until one closes. */
    CONNECTION_LIMIT,
    /** Accepting failed for another reason (the client reset before it was accepted, for instance). */
    ERROR;

    /** The lower-case, dash-separated name used in metrics tags and logs. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

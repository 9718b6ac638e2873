package org.kamaelia.http.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kamaelia.http.protocol.ExchangePhase.Event;

/** Every phase against every event: the legal moves, and a refusal for the rest. */
class ExchangePhaseTest {
    private static final Map<ExchangePhase, Map<Event, ExchangePhase>> LEGAL = Map.of(
            ExchangePhase.WITHHELD,
                    Map.of(
                            Event.CONTINUE_SENT, ExchangePhase.RELAYING,
                            Event.REQUEST_ENDED, ExchangePhase.RESPONDING,
                            Event.RESPONSE_ENDED, ExchangePhase.DONE),
            ExchangePhase.RELAYING,
                    Map.of(
                            Event.REQUEST_ENDED, ExchangePhase.RESPONDING,
                            Event.RESPONSE_ENDED, ExchangePhase.DRAINING),
            ExchangePhase.RESPONDING, Map.of(Event.RESPONSE_ENDED, ExchangePhase.DONE),
            ExchangePhase.DRAINING, Map.of(Event.REQUEST_ENDED, ExchangePhase.DONE),
            ExchangePhase.DONE, Map.of());

    static Stream<Arguments> everyPhaseAndEvent() {
        return Stream.of(ExchangePhase.values())
                .flatMap(phase -> Stream.of(Event.values()).map(event -> Arguments.of(phase, event)));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("everyPhaseAndEvent")
    void movesOnlyAlongTheTable(ExchangePhase phase, Event event) {
        ExchangePhase next = LEGAL.get(phase).get(event);
        if (next == null) {
            assertThatThrownBy(() -> phase.on(event)).isInstanceOf(IllegalStateException.class);
        } else {
            assertThat(phase.on(event)).isEqualTo(next);
        }
    }

    @Test
    void startsWithheldOnlyWhenTheClientWaitsForContinue() {
        assertThat(ExchangePhase.first(true)).isEqualTo(ExchangePhase.WITHHELD);
        assertThat(ExchangePhase.first(false)).isEqualTo(ExchangePhase.RELAYING);
    }

    @Test
    void saysWhichSidesAreStillOpen() {
        for (ExchangePhase phase : ExchangePhase.values()) {
            boolean requestOpen = LEGAL.get(phase).containsKey(Event.REQUEST_ENDED);
            boolean responseOpen = LEGAL.get(phase).containsKey(Event.RESPONSE_ENDED);
            assertThat(phase.requestOpen()).as("%s request open", phase).isEqualTo(requestOpen);
            assertThat(phase.responseOpen()).as("%s response open", phase).isEqualTo(responseOpen);
        }
    }

    @Test
    void anExchangeThatAnswersWithoutInvitingTheBodyMustClose() {
        Exchange ex = new Exchange(KeepAlivePolicyTest.V11_FOR_TESTS, 0, ExchangePhase.WITHHELD);
        ex.endResponse();
        assertThat(ex.phase()).isEqualTo(ExchangePhase.DONE);
        assertThat(ex.mustClose).isTrue();
        ex.endRequest(); // nothing left to end: no move, no failure
        assertThat(ex.phase()).isEqualTo(ExchangePhase.DONE);
    }
}

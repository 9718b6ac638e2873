package org.kamaelia.http.spring.boot.metrics;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Decides, once, whether Kamaelia's {@code http.server.requests} can be recorded without an {@code Observation} per
 * request ({@link DirectRequestTimer}): only when nothing but meter handlers would see the observation, so that
 * skipping it changes no meter and loses no span. An observation per request costs a context with three
 * concurrent maps, a scope and its thread-local, several times what the timer itself costs.
 *
 * <p>It reads the beans Spring Boot builds its observation registry from. The shortcut applies when it is allowed
 * ({@code kamaelia.http.observations.shortcut}), the convention is the default one, every
 * {@link ObservationHandler} bean is {@link KamaeliaRequestMeterObservationHandler} or Micrometer's
 * {@link DefaultMeterObservationHandler} (so no tracing), there is no {@link GlobalObservationConvention} and no
 * {@code ObservationRegistryCustomizer} bean, and the only predicate and filter is Boot's own for
 * {@code management.observations.enable.*} and {@code management.observations.key-values.*}, which depends on the
 * observation's name alone: it is asked once, and its answer and key values are applied to every request. Anything
 * else, or handlers added to the registry by hand (set the property to {@code false}), keeps the observation.
 */
public final class ObservationShortcut {
    static final String BOOT_PROPERTIES_FILTER =
            "org.springframework.boot.micrometer.observation.autoconfigure.PropertiesObservationFilterPredicate";
    static final String BOOT_REGISTRY_CUSTOMIZER =
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer";

    private final boolean allowed;
    private final @Nullable ListableBeanFactory beans;
    private final KamaeliaServerRequestObservationConvention convention;
    private volatile @Nullable Decision decision;

    /** The outcome: whether the shortcut applies, and if so whether requests are timed and with which common keys. */
    public record Decision(boolean applies, boolean timed, KeyValues commonKeyValues, String reason) {}

    /**
     * The decision for observations keyed by {@code convention}, from the beans of {@code beans} (Boot's observation
     * registry's sources; {@code null} for a registry of the starter's own, which has only meter handlers), made
     * when first asked: after the context has made its beans.
     */
    public ObservationShortcut(
            boolean allowed,
            @Nullable ListableBeanFactory beans,
            KamaeliaServerRequestObservationConvention convention) {
        this.allowed = allowed;
        this.beans = beans;
        this.convention = convention;
    }

    /** Whether requests are timed without an observation; see {@link #decision()} for why not. */
    public boolean applies() {
        return decision().applies();
    }

    /** The decision, made on the first call. */
    public Decision decision() {
        Decision made = decision;
        if (made == null) {
            synchronized (this) {
                made = decision;
                if (made == null) {
                    made = decide();
                    decision = made;
                }
            }
        }
        return made;
    }

    private Decision decide() {
        if (!allowed) {
            return keep("kamaelia.http.observations.shortcut is false");
        }
        if (convention.getClass() != DefaultKamaeliaServerRequestObservationConvention.class) {
            return keep("a convention bean replaces the default one");
        }
        if (beans == null) {
            return new Decision(true, true, KeyValues.empty(), "the starter's own registry has only meter handlers");
        }
        for (ObservationHandler<?> handler :
                beans.getBeansOfType(ObservationHandler.class).values()) {
            if (handler.getClass() != KamaeliaRequestMeterObservationHandler.class
                    && handler.getClass() != DefaultMeterObservationHandler.class) {
                return keep("observation handler " + handler.getClass().getName());
            }
        }
        if (beans.getBeanNamesForType(KamaeliaRequestMeterObservationHandler.class).length == 0) {
            return keep("no KamaeliaRequestMeterObservationHandler bean");
        }
        if (!beans.getBeansOfType(GlobalObservationConvention.class).isEmpty()) {
            return keep("a GlobalObservationConvention bean");
        }
        if (ClassUtils.isPresent(BOOT_REGISTRY_CUSTOMIZER, getClass().getClassLoader())
                && beans.getBeanNamesForType(ClassUtils.resolveClassName(
                                        BOOT_REGISTRY_CUSTOMIZER, getClass().getClassLoader()))
                                .length
                        > 0) {
            return keep("an ObservationRegistryCustomizer bean");
        }
        Collection<ObservationPredicate> predicates =
                beans.getBeansOfType(ObservationPredicate.class).values();
        Collection<ObservationFilter> filters =
                beans.getBeansOfType(ObservationFilter.class).values();
        List<Object> predicatesAndFilters = new ArrayList<>(predicates);
        predicatesAndFilters.addAll(filters);
        for (Object each : predicatesAndFilters) {
            if (!each.getClass().getName().equals(BOOT_PROPERTIES_FILTER)) {
                return keep("observation predicate or filter " + each.getClass().getName());
            }
        }
        // Boot's properties predicate and filter look at the name only: ask them once, with a blank context.
        KamaeliaServerRequestObservationContext probe =
                new KamaeliaServerRequestObservationContext("", "GET", "none", null, null);
        probe.setName(convention.getName());
        boolean timed = true;
        for (ObservationPredicate predicate : predicates) {
            timed &= predicate.test(convention.getName(), probe);
        }
        for (ObservationFilter filter : filters) {
            filter.map(probe);
        }
        return new Decision(
                true,
                timed,
                KeyValues.of(probe.getLowCardinalityKeyValues()),
                "only meter handlers would see the observations");
    }

    private static Decision keep(String reason) {
        return new Decision(false, true, KeyValues.empty(), reason);
    }
}

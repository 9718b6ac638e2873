package org.kamaelia.http.spring.boot.server;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kamaelia.http.spring.boot.LocalKamaeliaPort;
import org.springframework.beans.PropertyValues;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Fills fields annotated with {@link LocalKamaeliaPort} from {@code local.kamaelia.http.<name>.port}; the test
 * framework injects test instances through the context's post-processors, so test fields are filled too.
 */
public final class LocalKamaeliaPortPostProcessor implements InstantiationAwareBeanPostProcessor, EnvironmentAware {
    /** A post-processor reading ports from the context's environment. */
    public LocalKamaeliaPortPostProcessor() {}

    private final Map<Class<?>, List<Field>> annotatedFields = new ConcurrentHashMap<>();
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public PropertyValues postProcessProperties(PropertyValues values, Object bean, String beanName) {
        for (Field field : annotatedFields.computeIfAbsent(bean.getClass(), LocalKamaeliaPortPostProcessor::find)) {
            String server = field.getAnnotation(LocalKamaeliaPort.class).value();
            String key = LocalKamaeliaPort.PROPERTY_PREFIX + server + ".port";
            Object port = environment.getProperty(key, ClassUtils.resolvePrimitiveIfNecessary(field.getType()));
            if (port == null) {
                throw new BeanCreationException(
                        beanName,
                        "@LocalKamaeliaPort(\"" + server + "\") on " + field + ": no " + key
                                + " yet (no server of that name, or it has not started: only beans made after the"
                                + " servers start, such as test instances, can be given their port)");
            }
            ReflectionUtils.makeAccessible(field);
            ReflectionUtils.setField(field, bean, port);
        }
        return values;
    }

    private static List<Field> find(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        ReflectionUtils.doWithFields(
                type,
                field -> {
                    if (Modifier.isStatic(field.getModifiers())) {
                        throw new IllegalStateException("@LocalKamaeliaPort is not supported on static field " + field);
                    }
                    fields.add(field);
                },
                field -> field.isAnnotationPresent(LocalKamaeliaPort.class));
        return List.copyOf(fields);
    }
}

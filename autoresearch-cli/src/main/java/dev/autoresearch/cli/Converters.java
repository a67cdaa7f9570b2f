package dev.autoresearch.cli;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.host.ProgramValues;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/**
 * Picocli converters for the values program.md takes, so a flag accepts what the file accepts and a
 * bad value is reported as {@code Invalid value for option '--timeout': expected a duration ...}.
 */
final class Converters {
    private Converters() {
    }

    /** {@code 90s}, {@code 10m}, {@code 1h30m}, ... */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code minimize} or {@code maximize}. */
    static final class DirectionConverter implements ITypeConverter<Direction> {
        @Override
        public Direction convert(String value) {
            try {
                return Direction.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code train.py:LEARNING_RATE=0.0001..0.01:log}: file, constant, range and optionally the scale. */
    static final class TunedParameterConverter implements ITypeConverter<TunedParameter> {
        @Override
        public TunedParameter convert(String value) {
            try {
                return ProgramValues.tunedParameter(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}

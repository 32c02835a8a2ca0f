package dev.toonforge.launcher;

import java.util.List;

/** The arguments of {@code ./toonforge up}: {@code [--no-demo] [--scale ingest=2,trainer=2,sampler=2]}. */
record LaunchOptions(boolean demo, Scale scale) {

    static final String USAGE = "usage: ./toonforge up [--no-demo] [--scale ingest=N,trainer=N,sampler=N]";

    /**
     * @param arguments what follows {@code up}
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    static LaunchOptions parse(List<String> arguments) {
        boolean demo = true;
        Scale scale = null;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("--no-demo")) {
                demo = false;
            } else if (argument.equals("--scale") || argument.startsWith("--scale=")) {
                if (scale != null) {
                    throw new IllegalArgumentException("--scale is given twice; name every service in one --scale");
                }
                String value;
                if (argument.equals("--scale")) {
                    if (i + 1 >= arguments.size()) {
                        throw new IllegalArgumentException("--scale needs a value, e.g. --scale ingest=2,trainer=2,sampler=2");
                    }
                    value = arguments.get(++i);
                } else {
                    value = argument.substring("--scale=".length());
                }
                scale = Scale.parse(value);
            } else {
                throw new IllegalArgumentException("unknown argument '" + argument + "'; " + USAGE);
            }
        }
        return new LaunchOptions(demo, scale == null ? Scale.single() : scale);
    }
}

package dev.toonforge.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * The API token the launched system runs with, and where it comes from: {@code TOONFORGE_API_TOKEN} when it is set (not
 * blank), otherwise the data folder's generated {@code api-token} file ({@link ApiTokenFile}). Every service and the demo
 * client use this one token.
 */
record LaunchToken(String value, Path file) {

    static final String ENVIRONMENT_VARIABLE = "TOONFORGE_API_TOKEN";

    /** The services refuse shorter tokens at start (see service-common's ApiToken). */
    static final int MIN_LENGTH = 16;

    /**
     * @param env     the launcher's environment ({@code System.getenv()} in {@link Launcher})
     * @param dataDir the data folder that holds the generated token
     * @throws IllegalArgumentException when {@code TOONFORGE_API_TOKEN} is set but too short for the services
     */
    static LaunchToken resolve(Map<String, String> env, Path dataDir) {
        String fromEnvironment = env.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            String token = fromEnvironment.trim();
            if (token.length() < MIN_LENGTH) {
                throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " is " + token.length()
                        + " characters long; the services need at least " + MIN_LENGTH + ".");
            }
            return new LaunchToken(token, null);
        }
        return fromDataFolder(dataDir);
    }

    /** The data folder's token, created on first use. */
    static LaunchToken fromDataFolder(Path dataDir) {
        return new LaunchToken(ApiTokenFile.readOrCreate(dataDir), ApiTokenFile.location(dataDir));
    }

    boolean fromEnvironment() {
        return file == null;
    }

    /** What the launcher prints: never the secret of the environment variable, the generated one with its file. */
    String describe() {
        return fromEnvironment()
                ? "from " + ENVIRONMENT_VARIABLE
                : value + "   (from " + file + ")";
    }

    @Override
    public String toString() {
        return "LaunchToken[" + (fromEnvironment() ? "from " + ENVIRONMENT_VARIABLE : "from " + file) + "]";
    }
}

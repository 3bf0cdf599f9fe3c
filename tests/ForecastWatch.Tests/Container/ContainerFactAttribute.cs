namespace ForecastWatch.Tests.Container;

/// <summary>A fact that only runs when <c>FW_CONTAINER_TESTS=1</c> (root, podman or Docker, minutes of build time).</summary>
public sealed class ContainerFactAttribute : FactAttribute
{
    public const string Variable = "FW_CONTAINER_TESTS";

    public ContainerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"Container test: set {Variable}=1 to build the Dockerfile and run the image (needs root; installs podman/buildah).";
        }
    }
}

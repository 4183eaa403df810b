# kubeassay's image: a static binary on a distroless base, run as a non-root user.
# No shell, no package manager: the image holds the binary, CA certificates and
# the time zone data of the base, nothing else.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t kubeassay .
#   docker run --rm kubeassay version

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# CGO off: a static binary that needs no libc in the final image.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/kubeassay ./cmd/kubeassay

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kubeassay /kubeassay
# The nonroot user of the distroless base, by number so that a
# runAsNonRoot pod can check it.
USER 65532:65532
ENTRYPOINT ["/kubeassay"]
CMD ["scan", "--help"]

@_exported import DataIO
@_exported import Econometrics
@_exported import LinearAlgebra
@_exported import Planning
@_exported import Productivity
@_exported import Reporting
// The umbrella module: `import TFPKit` gives the whole public API.
@_exported import Tabular
@_exported import Workflow

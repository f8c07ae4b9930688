"""The interactive viewer of the graph (one offline HTML file). Only this package imports pyvis."""

"""Where: points to areas, neighbours, Gi*, local Moran's I, rates, cells, the heat surface."""

import DataIO

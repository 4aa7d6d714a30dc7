! let in 1

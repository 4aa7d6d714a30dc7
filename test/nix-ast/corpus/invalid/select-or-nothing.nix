{ }.a or

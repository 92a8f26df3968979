@_exported import SalonCore
